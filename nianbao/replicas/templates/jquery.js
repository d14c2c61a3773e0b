/* Replica stand-in for the jQuery + jpage pair a Hanweb column page loads (nianbao测试用合成数据).
   Not jQuery: only $(document).ready and $('#unit').jpage({...}) — enough for a browser to render the
   list the way the real plugin does: the embedded <datastore> first, later records through dataproxy.jsp. */
(function () {
  function Wrapped(target) { this.target = target; }
  Wrapped.prototype.ready = function (fn) {
    if (document.readyState === 'loading') { document.addEventListener('DOMContentLoaded', fn); } else { fn(); }
    return this;
  };
  Wrapped.prototype.jpage = function (opts) {
    var box = typeof this.target === 'string' ? document.getElementById(this.target.replace(/^#/, '')) : null;
    if (!box) { return this; }
    var xml = box.querySelector('script[type="text/xml"]');
    var embedded = [];
    if (xml) {
      var re = /<record><!\[CDATA\[([\s\S]*?)\]\]><\/record>/g, m;
      while ((m = re.exec(xml.textContent)) !== null) { embedded.push(m[1]); }
    }
    var perPage = opts.perPage || 15, total = opts.totalRecord || embedded.length;
    var pages = Math.max(1, Math.ceil(total / perPage));
    var list = document.createElement('ul');
    var bar = document.createElement('div');
    bar.className = 'default_pgContainer';
    box.appendChild(list);
    box.appendChild(bar);
    function show(records, page) {
      list.innerHTML = records.join('');
      var html = '共' + total + '条 ' + page + '/' + pages + '页 ';
      for (var i = 1; i <= pages; i++) {
        html += i === page ? '<span class="current">' + i + '</span> '
                           : '<a href="javascript:void(0)" data-page="' + i + '">' + i + '</a> ';
      }
      bar.innerHTML = html;
      Array.prototype.forEach.call(bar.querySelectorAll('a'), function (a) {
        a.onclick = function () { go(parseInt(a.getAttribute('data-page'), 10)); };
      });
    }
    function go(page) {
      var start = (page - 1) * perPage, end = Math.min(page * perPage, total);
      if (end <= embedded.length) { show(embedded.slice(start, end), page); return; }
      var params = opts.ajaxParam || {}, body = [];
      for (var k in params) { body.push(encodeURIComponent(k) + '=' + encodeURIComponent(params[k])); }
      var xhr = new XMLHttpRequest();
      xhr.open('POST', opts.proxyUrl + '?startrecord=' + (start + 1) + '&endrecord=' + end + '&perpage=' + perPage, true);
      xhr.setRequestHeader('Content-Type', 'application/x-www-form-urlencoded');
      xhr.onreadystatechange = function () {
        if (xhr.readyState !== 4 || xhr.status !== 200) { return; }
        var got = [], re2 = /<record><!\[CDATA\[([\s\S]*?)\]\]><\/record>/g, m2;
        while ((m2 = re2.exec(xhr.responseText)) !== null) { got.push(m2[1]); }
        show(got, page);
      };
      xhr.send(body.join('&'));
    }
    go(1);
    return this;
  };
  window.$ = window.jQuery = function (target) { return new Wrapped(target); };
})();
