/* nianbao dashboard: draws window.NIANBAO_DASHBOARD (data.js, written by nianbao.dashboard.site).
 *
 * data.js holds only what the first screen needs (summary cards, overview, the county list); a county's
 * charts and reports are in a file of their own (its summary's `file`, counties/...), added as a <script>
 * when the county is first shown: pages opened from file:// may not fetch JSON in Chromium.
 *
 * Every text from the archive reaches the page through textContent, never innerHTML: agency names and URLs
 * come from portals. Links to originals are the file names the site writer made (originals/...).
 * window.nianbaoDashboard exposes the chart instances and showCounty() (a Promise, settled once the county is
 * drawn) to tests and curious readers.
 */
(function () {
  "use strict";

  const DATA = window.NIANBAO_DASHBOARD;
  const KIND_COLORS = { government: "#5470c6", department: "#73c0de", town: "#fac858", street: "#fc8452" };
  const OUTCOME_COLORS = {
    granted: "#2f9e6e", partial: "#91cc75", denied: "#d64545",
    unable: "#fac858", unprocessed: "#9a60b4", other: "#73c0de",
  };
  const PALETTE = ["#b4232c", "#5470c6", "#2f9e6e", "#fac858", "#9a60b4", "#fc8452", "#3ba0c9", "#ea7ccc",
    "#7d8b9a", "#91cc75"];
  const FONT = '"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif';
  const charts = {};
  const loads = {}; // county index -> Promise of its details
  let shown = 0; // bumped by each showCounty, so a slow load never draws over a later choice

  function el(tag, props, children) {
    const node = document.createElement(tag);
    Object.entries(props || {}).forEach(([key, value]) => {
      if (key === "text") node.textContent = value;
      else if (key === "className") node.className = value;
      else node.setAttribute(key, value);
    });
    (children || []).forEach((child) => node.appendChild(child));
    return node;
  }

  function fmt(value) {
    return value === null || value === undefined ? "—" : Number(value).toLocaleString("zh-CN");
  }

  function place(region) {
    return region || "（地区不明）"; // agencies whose reports and portal name no region
  }

  function chart(id) {
    if (!charts[id]) {
      charts[id] = echarts.init(document.getElementById("chart-" + id), null, { locale: "ZH", renderer: "canvas" });
      window.addEventListener("resize", () => charts[id].resize());
    }
    return charts[id];
  }

  function base(years, extra) {
    return Object.assign({
      textStyle: { fontFamily: FONT },
      color: PALETTE,
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      legend: { top: 0, type: "scroll" },
      grid: { left: 8, right: 16, top: 36, bottom: 4, containLabel: true },
      xAxis: { type: "category", data: years.map(String), axisTick: { alignWithLabel: true } },
      yAxis: { type: "value", minInterval: 1 },
    }, extra || {});
  }

  function bars(name, data, color, stack) {
    return { name: name, type: "bar", stack: stack, data: data, itemStyle: { color: color }, barMaxWidth: 42,
      emphasis: { focus: "series" } };
  }

  function drawOverview() {
    // At most 20 counties and one series of the rest (nianbao.dashboard.data._overview).
    const o = DATA.overview;
    chart("overview").setOption(base(o.years, {
      series: o.series.map((s) => ({ name: s.others ? "其他 " + s.others + " 个区县" : place(s.region), type: "bar",
        data: s.values, barMaxWidth: 28, emphasis: { focus: "series" },
        itemStyle: s.others ? { color: "#b8c2cc" } : undefined })),
    }), true);
  }

  function drawApplications(county) {
    const kinds = DATA.kinds.filter((k) => county.applications[k.key]);
    chart("applications").setOption(base(county.years, {
      series: kinds.map((k) => bars(k.label, county.applications[k.key], KIND_COLORS[k.key], "kind")),
    }), true);
  }

  function drawOutcomes(county) {
    chart("outcomes").setOption(base(county.years, {
      series: DATA.outcomes.map((o) => bars(o.label, county.outcomes[o.key], OUTCOME_COLORS[o.key], "outcome")),
    }), true);
  }

  function drawTimeliness(county) {
    const t = county.timeliness;
    chart("timeliness").setOption(base(county.years, {
      yAxis: [
        { type: "value", minInterval: 1, name: "年报数" },
        { type: "value", min: 0, max: 100, name: "按时率", axisLabel: { formatter: "{value}%" },
          splitLine: { show: false } },
      ],
      series: [
        bars("按时", t.on_time, "#2f9e6e", "t"),
        bars("逾期", t.late, "#d64545", "t"),
        bars("日期不明", t.unknown, "#b8c2cc", "t"),
        { name: "按时率", type: "line", yAxisIndex: 1, data: t.rate, smooth: true, symbolSize: 7,
          itemStyle: { color: "#1c64b8" }, tooltip: { valueFormatter: (v) => (v === null ? "—" : v + "%") } },
      ],
    }), true);
  }

  function drawRules(county) {
    chart("rules").setOption(base(county.years, {
      series: [bars("全部通过", county.rules.passing, "#2f9e6e", "r"),
        bars("有未通过的规则", county.rules.failing, "#d64545", "r")],
    }), true);
    const list = document.getElementById("rule-list");
    list.replaceChildren();
    if (!county.failed_rules.length) list.appendChild(el("li", { className: "none", text: "各年报均通过全部规则" }));
    county.failed_rules.forEach((r) => list.appendChild(el("li", { text: r.label + " · " + r.reports + " 份" })));
  }

  function onTimeBadge(value) {
    if (value === null) return el("span", { className: "badge unknown", text: "不明" });
    return el("span", { className: "badge " + (value ? "yes" : "late"), text: value ? "按时" : "逾期" });
  }

  function originalLink(doc, label, role) {
    const link = el("a", { href: doc.href, target: "_blank", rel: "noopener", title: doc.url || "", text: label });
    Object.assign(link.dataset, { role: role, version: doc.version_id, sha256: doc.sha256 });
    link.appendChild(el("span", { className: "fmt", text: " " + doc.format }));
    return link;
  }

  function reportRow(r) {
    const kind = DATA.kinds.find((k) => k.key === r.kind);
    const complete = r.cells_expected ? Math.round((100 * r.cells_found) / r.cells_expected) + "%" : "—";
    const links = el("td");
    if (r.original) {
      links.appendChild(originalLink(r.original, r.original.page ? "附件原件" : "原件", "original"));
      if (r.original.page) links.appendChild(originalLink(r.original.page, "发布页面", "page"));
    }
    const row = el("tr", {}, [
      el("td", { text: String(r.year) }),
      el("td", { text: r.agency }),
      el("td", { text: kind ? kind.label : r.kind }),
      el("td", { text: r.published || "不明" }),
      el("td", {}, [onTimeBadge(r.on_time)]),
      el("td", { className: "num", text: fmt(r.applications) }),
      el("td", { className: "num", text: fmt(r.granted) }),
      el("td", { className: "num", text: complete, title: r.cells_found + " / " + r.cells_expected }),
      el("td", { text: r.failed_rules.join("、") || "—" }),
      links,
    ]);
    row.dataset.search = (r.year + " " + r.agency).toLowerCase();
    row.dataset.report = r.annual_report_id;
    return row;
  }

  function drawReports(county) {
    const body = document.querySelector("#reports tbody");
    const sorted = county.reports.slice().sort((a, b) => b.year - a.year || a.agency.localeCompare(b.agency, "zh"));
    body.replaceChildren(...sorted.map(reportRow));
    document.getElementById("report-count").textContent = county.reports.length + " 份";
    applyFilter();
  }

  function applyFilter() {
    const needle = document.getElementById("filter").value.trim().toLowerCase();
    document.querySelectorAll("#reports tbody tr").forEach((tr) => {
      tr.hidden = needle !== "" && !tr.dataset.search.includes(needle);
    });
  }

  function loadCounty(index) {
    if (!loads[index]) {
      loads[index] = new Promise((resolve, reject) => {
        const file = DATA.counties[index].file;
        const script = el("script", { src: file });
        script.onload = () => {
          script.remove(); // its details stay in window.NIANBAO_COUNTIES
          const details = (window.NIANBAO_COUNTIES || {})[index];
          if (details && details.region === DATA.counties[index].region) resolve(details);
          else reject(new Error("county data file " + file + " does not hold " + place(DATA.counties[index].region)));
        };
        script.onerror = () => reject(new Error("cannot load county data file " + file));
        document.head.appendChild(script);
      }).catch((err) => {
        delete loads[index]; // let a later choice try again
        throw err;
      });
    }
    return loads[index];
  }

  function showError(err) {
    document.getElementById("where").textContent = "无法载入该区县的数据：" + err.message;
    throw err;
  }

  function showCounty(name) {
    let index = DATA.counties.findIndex((c) => c.region === name);
    if (index < 0) index = 0;
    const summary = DATA.counties[index];
    if (!summary) return Promise.resolve();
    const ticket = ++shown;
    document.getElementById("county").value = summary.region;
    document.getElementById("where").textContent = "载入中…";
    return loadCounty(index).then((county) => {
      if (ticket !== shown) return;
      document.getElementById("where").textContent = [summary.province, summary.city].filter(Boolean).join(" · ");
      drawApplications(county);
      drawOutcomes(county);
      drawTimeliness(county);
      drawRules(county);
      drawReports(county);
      if (decodeURIComponent(location.hash.slice(1)) !== summary.region) {
        history.replaceState(null, "", "#" + encodeURIComponent(summary.region));
      }
    }, (err) => { if (ticket === shown) showError(err); else throw err; });
  }

  function summaryCards() {
    const years = DATA.overview.years;
    const cards = [
      [DATA.counties.length, "区县"],
      [DATA.totals.reports, "份年报"],
      [years.length ? years[0] + "–" + years[years.length - 1] : "—", "报告年度"],
      [DATA.totals.applications, "件新收申请（合计）"],
      [DATA.missing, "份应报未见"],
    ];
    document.getElementById("cards").replaceChildren(...cards.map(([value, label]) => el("div", { className: "card" }, [
      el("div", { className: "value", text: typeof value === "number" ? fmt(value) : value }),
      el("div", { className: "label", text: label }),
    ])));
    const scope = [DATA.region, DATA.year && DATA.year + " 年度"].filter(Boolean).join("，");
    document.getElementById("meta").textContent = "生成于 " + DATA.generated + (scope ? "；范围：" + scope : "") +
      "；数据为档案中各年报规范副本的提取结果。";
  }

  function fillPicker(select) {
    // Counties of several provinces (a national archive has ~2,850) are grouped by province.
    const option = (c) => el("option", { value: c.region, text: place(c.region) });
    const provinces = new Map();
    DATA.counties.forEach((c) => {
      const key = c.province || "（省份不明）";
      if (!provinces.has(key)) provinces.set(key, []);
      provinces.get(key).push(c);
    });
    if (provinces.size < 2) {
      select.replaceChildren(...DATA.counties.map(option));
      return;
    }
    const names = [...provinces.keys()].sort((a, b) => a.localeCompare(b, "zh"));
    select.replaceChildren(...names.map((name) => el("optgroup", { label: name }, provinces.get(name).map(option))));
  }

  function start() {
    summaryCards();
    const select = document.getElementById("county");
    fillPicker(select);
    const logged = (err) => console.error(err.message); // shown on the page too (showError)
    select.addEventListener("change", () => showCounty(select.value).catch(logged));
    document.getElementById("filter").addEventListener("input", applyFilter);
    window.addEventListener("hashchange", () => showCounty(decodeURIComponent(location.hash.slice(1))).catch(logged));
    drawOverview();
    if (!DATA.counties.length) {
      document.getElementById("empty-note").hidden = false;
      document.querySelectorAll(".with-reports").forEach((node) => { node.hidden = true; });
    }
    showCounty(decodeURIComponent(location.hash.slice(1))).catch(logged).then(() => {
      document.body.dataset.ready = "true";
    });
  }

  window.nianbaoDashboard = { charts: charts, showCounty: showCounty, data: DATA };
  start();
})();
