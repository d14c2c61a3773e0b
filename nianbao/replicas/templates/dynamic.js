/* xxgk catalogue loader (replica of /module/xxgk/script/dynamic.js; synthetic test site) */
(function () {
  var cfg = window.xxgkConfig || {};
  function load(page) {
    var xhr = new XMLHttpRequest();
    xhr.open('POST', '/module/xxgk/search.jsp', true);
    xhr.setRequestHeader('Content-Type', 'application/x-www-form-urlencoded');
    xhr.onreadystatechange = function () {
      if (xhr.readyState === 4 && xhr.status === 200) {
        document.getElementById(cfg.divid).innerHTML = xhr.responseText;
      }
    };
    var fields = {infotypeId: cfg.infotypeId || '', area: cfg.area || '', divid: cfg.divid,
                  currpage: page, fbtime: cfg.fbtime || '', sortfield: cfg.sortfield || ''};
    var body = [];
    for (var k in fields) { body.push(encodeURIComponent(k) + '=' + encodeURIComponent(fields[k])); }
    xhr.send(body.join('&'));
  }
  window.xxgkGo = load;
  window.xxgkType = function (t) { cfg.infotypeId = t; load(1); };
  if (document.readyState === 'loading') { document.addEventListener('DOMContentLoaded', function () { load(1); }); }
  else { load(1); }
})();
