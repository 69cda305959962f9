// The web page over GET v1/chart: reads the form, asks the same-origin API, draws the chart.
// No chart logic lives here (the only domain knowledge is the colour of each character's
// element); nothing is stored in the browser and nothing is sent anywhere but this server.
"use strict";

(function () {
  const PILLARS = ["year", "month", "day", "hour"];
  const PALACES = ["tai_yuan", "tai_xi", "ming_gong", "shen_gong"];
  // The chart options, as the API declares them (GET v1/options): the form builds a field
  // for each, so the page offers exactly the options of the engine. Filled on load.
  let OPTIONS = [];
  // The input that an error about a request field points at (options: their own field).
  const INPUT_OF = { datetime: "date", tz: "tz", lang: "lang" };

  // Labels: simplified, traditional, and English (always shown beside the Chinese).
  const L = {
    year: ["年柱", "年柱", "Year"],
    month: ["月柱", "月柱", "Month"],
    day: ["日柱", "日柱", "Day"],
    hour: ["时柱", "時柱", "Hour"],
    ten_god: ["十神", "十神", "Ten god"],
    stem: ["天干", "天干", "Stem"],
    branch: ["地支", "地支", "Branch"],
    hidden: ["藏干", "藏干", "Hidden stems"],
    nayin: ["纳音", "納音", "Nayin"],
    stage: ["星运", "星運", "Stage"],
    self_stage: ["自坐", "自坐", "Self-seated"],
    void: ["空亡", "空亡", "Void"],
    tai_yuan: ["胎元", "胎元", "Conception"],
    tai_xi: ["胎息", "胎息", "Breath"],
    ming_gong: ["命宫", "命宮", "Life palace"],
    shen_gong: ["身宫", "身宮", "Body palace"],
    palaces: ["胎元 胎息 命宫 身宫", "胎元 胎息 命宮 身宮", "Palaces"],
    pillar: ["干支", "干支", "Pillar"],
    four_pillars: ["四柱", "四柱", "Four pillars"],
    relations: ["干支关系", "干支關係", "Relations"],
    elements: ["五行", "五行", "Five elements"],
    visible: ["干支", "干支", "Stems and branches"],
    with_hidden: ["含藏干", "含藏干", "With hidden stems"],
    luck: ["大运", "大運", "Luck pillars"],
    start_year: ["起始年", "起始年", "Start year"],
    start_age: ["起始岁", "起始歲", "Start age"],
    luck_start: ["起运", "起運", "Luck starts"],
    moment: ["时刻", "時刻", "The moment"],
    conventions: ["排盘约定", "排盤約定", "Conventions"],
    versions: ["数据版本", "數據版本", "Data versions"],
  };
  const DAY_MASTER = { zh: "日主", "zh-Hant": "日主", pinyin: "rì zhǔ", en: "Day Master" };
  const POSITION = {
    zh: { year: "年", month: "月", day: "日", hour: "时" },
    "zh-Hant": { year: "年", month: "月", day: "日", hour: "時" },
  };
  const HTML_LANG = { zh: "zh-Hans", "zh-Hant": "zh-Hant", pinyin: "zh-Latn-pinyin", en: "en" };

  // Colour only: the element of each stem, branch and element name, in every script.
  const ELEMENT_OF = {};
  const addElement = (element, names) => {
    for (const n of names) ELEMENT_OF[n] = element;
  };
  addElement("wood", ["甲", "乙", "寅", "卯", "木", "Wood", "mù"]);
  addElement("fire", ["丙", "丁", "巳", "午", "火", "Fire", "huǒ"]);
  addElement("earth", ["戊", "己", "辰", "戌", "丑", "未", "土", "Earth", "tǔ"]);
  addElement("metal", ["庚", "辛", "申", "酉", "金", "Metal", "jīn"]);
  addElement("water", ["壬", "癸", "亥", "子", "水", "Water", "shuǐ"]);

  const $ = (id) => document.getElementById(id);
  const form = $("chart-form");
  const errorsBox = $("errors");
  const statusLine = $("status");
  const result = $("result");
  const resultBody = $("result-body");
  let requestSeq = 0;

  // ---- small DOM helpers (text only: API data never becomes markup) ----

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === "class") node.className = v;
      else node.setAttribute(k, v === true ? "" : String(v));
    }
    for (const c of children.flat(Infinity)) {
      if (c === null || c === undefined || c === false) continue;
      node.append(c instanceof Node ? c : String(c));
    }
    return node;
  }

  function colored(text, cls) {
    const element = ELEMENT_OF[text];
    return el("span", { class: [cls, element && "el-" + element].filter(Boolean).join(" ") }, text);
  }

  function label(key, lang) {
    const [hans, hant, en] = L[key];
    return [
      el("span", { class: "zh", lang: lang === "zh-Hant" ? "zh-Hant" : "zh-Hans" },
        lang === "zh-Hant" ? hant : hans),
      " ",
      el("span", { class: "en", lang: "en" }, en),
    ];
  }

  function show(value) {
    return value === null || value === undefined || value === "" ? "—" : String(value);
  }

  // ---- the form ----

  function optionDefault(option) {
    const value = option.default === null ? "none" : String(option.default);
    return "default " + value + (option.presettable ? " (or the preset's)" : "");
  }

  // One field per declared option: a select for a choice (with a "default" entry where a
  // preset may decide), a checkbox, a number or a text input; label and hint from the API.
  function optionField(option) {
    const id = option.name;
    const hintId = id + "-hint";
    const labelNode = el("label", { for: id }, option.label.en, " ",
      el("span", { lang: "zh-Hans" }, option.label.zh));
    const hint = el("small", { id: hintId, class: "hint" }, option.help.en, " ",
      el("span", { lang: "zh-Hans" }, option.help.zh), " (", optionDefault(option), ")");
    let input;
    if (option.kind === "choice") {
      input = el("select", { id, name: id, "aria-describedby": hintId });
      if (option.face_default === null) {
        input.append(el("option", { value: "", selected: true }, "— " + optionDefault(option)));
      }
      for (const choice of option.choices) {
        input.append(el("option", { value: String(choice), selected: choice === option.face_default },
          String(choice)));
      }
    } else if (option.kind === "boolean") {
      input = el("input", { id, name: id, type: "checkbox", "aria-describedby": hintId,
        checked: option.face_default === true });
      return el("div", { class: "field check", "data-option-field": id }, input, labelNode, hint);
    } else if (option.kind === "number") {
      input = el("input", { id, name: id, type: "number", step: "any", min: option.minimum,
        max: option.maximum, autocomplete: "off", "aria-describedby": hintId });
    } else {
      input = el("input", { id, name: id, type: "text", maxlength: option.max_length,
        spellcheck: "false", autocomplete: "off", "aria-describedby": hintId });
    }
    return el("div", { class: "field", "data-option-field": id }, labelNode, input, hint);
  }

  async function loadOptions() {
    const response = await fetch("v1/options", {
      headers: { Accept: "application/json" }, credentials: "same-origin", cache: "no-store",
    });
    if (!response.ok) throw new Error("HTTP " + response.status);
    const declared = await response.json();
    OPTIONS = declared.options;
    for (const option of OPTIONS) {
      const slot = document.querySelector('[data-option="' + option.name + '"]')
        || $("options-" + option.group);
      slot.append(optionField(option));
      INPUT_OF[option.name] = option.name;
    }
    const names = { zh: "简体中文", "zh-Hant": "繁體中文", pinyin: "pīnyīn", en: "English" };
    for (const lang of declared.langs) {
      $("lang").append(el("option", { value: lang }, (names[lang] || lang) + " (" + lang + ")"));
    }
  }

  function syncCalendar() {
    const lunar = $("calendar").value === "lunar";
    const leap = $("leap_month");
    leap.disabled = !lunar;
    if (!lunar) leap.checked = false;
    // A lunar date can be e.g. 02-30, which a Gregorian date picker refuses.
    const date = $("date");
    const wanted = lunar ? "text" : "date";
    if (date.type !== wanted) {
      const value = date.value;
      date.type = wanted;
      date.value = value;
      if (lunar) {
        date.placeholder = "YYYY-MM-DD";
        date.setAttribute("pattern", "\\d{4}-\\d{2}-\\d{2}");
        date.setAttribute("inputmode", "numeric");
      } else {
        date.removeAttribute("placeholder");
        date.removeAttribute("pattern");
        date.removeAttribute("inputmode");
      }
    }
  }

  // The query string: only the parameters that are set, in a fixed order.
  function buildQuery() {
    const problems = [];
    const params = new URLSearchParams();
    const date = $("date").value.trim();
    const time = $("time").value.trim();
    if (!date) problems.push({ loc: ["datetime"], msg: "a date is required", type: "missing" });
    if (!time) problems.push({ loc: ["datetime"], msg: "a time is required", type: "missing" });
    params.set("datetime", date + "T" + time);
    const tz = $("tz").value.trim();
    const place = $("place").value.trim();
    if (!tz && !place) {
      problems.push({ loc: ["tz"], msg: "a time zone (or a place) is required", type: "missing" });
    }
    if (tz) params.set("tz", tz);
    if (place) params.set("place", place);
    if ($("longitude").validity.badInput) {
      problems.push({ loc: ["longitude"], msg: "not a number", type: "float_parsing" });
    }
    for (const option of OPTIONS) {
      const input = $(option.name);
      if (input.type === "checkbox") {
        if (input.checked !== (option.face_default === true) && !input.disabled) {
          params.set(option.name, String(input.checked));
        }
      } else if (input.value.trim() !== "" && input.value.trim() !== String(option.face_default)) {
        params.set(option.name, input.value.trim());
      }
    }
    params.set("lang", $("lang").value);
    return { params, problems };
  }

  function fieldOf(loc) {
    const names = (loc || []).filter((x) => typeof x === "string" && x !== "query" && x !== "body");
    return names.length ? names[names.length - 1] : null;
  }

  function fieldLabel(field) {
    const input = field && INPUT_OF[field] && $(INPUT_OF[field]);
    const lab = input && document.querySelector('label[for="' + input.id + '"]');
    const en = lab ? lab.childNodes[0].textContent.trim() : null;
    if (field === "datetime") return "Date and time (datetime)";
    if (!en) return field || "request";
    const same = en.toLowerCase().replace(/\W/g, "") === field.replace(/_/g, "");
    return same ? en : en + " (" + field + ")";
  }

  function clearErrors() {
    errorsBox.hidden = true;
    errorsBox.replaceChildren();
    for (const node of form.querySelectorAll(".field-error")) node.remove();
    for (const node of form.querySelectorAll("[aria-invalid]")) {
      node.removeAttribute("aria-invalid");
      const describedBy = (node.getAttribute("aria-describedby") || "")
        .split(" ")
        .filter((id) => id && !id.startsWith("error-"));
      if (describedBy.length) node.setAttribute("aria-describedby", describedBy.join(" "));
      else node.removeAttribute("aria-describedby");
    }
  }

  function showErrors(detail, heading) {
    clearErrors();
    result.hidden = true;
    const list = el("ul");
    let firstInvalid = null;
    detail.forEach((item, i) => {
      const field = fieldOf(item.loc);
      list.append(
        el("li", { "data-field": field || "", class: "error-item" },
          el("strong", {}, fieldLabel(field)), ": ", show(item.msg)),
      );
      const input = field && INPUT_OF[field] && $(INPUT_OF[field]);
      if (input) {
        const id = "error-" + i;
        const details = input.closest("details");
        if (details) details.open = true;
        if (!firstInvalid) firstInvalid = input;
        input.setAttribute("aria-invalid", "true");
        const describedBy = input.getAttribute("aria-describedby");
        input.setAttribute("aria-describedby", describedBy ? describedBy + " " + id : id);
        input.closest(".field").append(
          el("p", { class: "field-error", id, "data-field": field }, show(item.msg)),
        );
      }
    });
    errorsBox.append(el("p", { class: "errors-title" }, heading), list);
    errorsBox.hidden = false;
    (firstInvalid || errorsBox).focus();
  }

  async function submit(event) {
    event.preventDefault();
    const { params, problems } = buildQuery();
    if (problems.length) {
      showErrors(problems, "Please complete the form:");
      return;
    }
    const seq = ++requestSeq;
    statusLine.textContent = "Charting…";
    form.setAttribute("aria-busy", "true");
    let response;
    let body = null;
    try {
      response = await fetch("v1/chart?" + params.toString(), {
        method: "GET",
        headers: { Accept: "application/json" },
        credentials: "same-origin",
        cache: "no-store",
        referrerPolicy: "no-referrer",
      });
      try {
        body = await response.json();
      } catch {
        body = null;
      }
    } catch (error) {
      if (seq !== requestSeq) return;
      form.removeAttribute("aria-busy");
      statusLine.textContent = "";
      showErrors([{ loc: [], msg: "the server could not be reached (" + error.message + ")" }],
        "No answer:");
      return;
    }
    if (seq !== requestSeq) return;
    form.removeAttribute("aria-busy");
    if (response.ok && body && body.pillars) {
      clearErrors();
      render(body);
      statusLine.textContent = "Charted: " + body.text;
    } else {
      statusLine.textContent = "";
      const detail = body && Array.isArray(body.detail)
        ? body.detail
        : [{ loc: [], msg: "HTTP " + response.status + " " + response.statusText }];
      showErrors(detail, "The server refused the request (" + response.status + "):");
    }
  }

  // ---- the chart ----

  function render(c) {
    const lang = c.lang || $("lang").value;
    const details = c.details || {};
    const body = [];
    resultBody.setAttribute("lang", HTML_LANG[lang] || "zh-Hans");
    resultBody.setAttribute("data-lang", lang);

    body.push(renderPillars(c, details, lang));
    body.push(renderPalaces(c, lang));
    body.push(renderRelations(c, lang));
    body.push(renderElements(c, lang));
    if (c.luck) body.push(renderLuck(c.luck, lang));
    body.push(renderMoment(c, lang));
    resultBody.replaceChildren(...body.filter(Boolean));
    result.hidden = false;
  }

  function renderPillars(c, details, lang) {
    const head = el("tr", {}, el("td", { class: "corner" }),
      PILLARS.map((p) => el("th", { scope: "col", class: "pillar-" + p }, label(p, lang))));
    const row = (key, cell) =>
      el("tr", { class: "row-" + key },
        el("th", { scope: "row" }, label(key, lang)),
        PILLARS.map((p) => el("td", { class: "pillar-" + p, "data-pillar": p },
          cell(details[p] || {}, c.pillars[p], p))));
    const latin = lang === "pinyin" || lang === "en";

    const rows = [
      row("ten_god", (d, _s, p) => p === "day"
        ? el("span", { class: "ten-god day-master" }, DAY_MASTER[lang] || DAY_MASTER.zh)
        : el("span", { class: "ten-god" }, show(d.ten_god))),
      row("stem", (d, s) => [colored(s.charAt(0), "stem big"),
        latin && el("span", { class: "name" }, show(d.stem))]),
      row("branch", (d, s) => [colored(s.charAt(1), "branch big"),
        latin && el("span", { class: "name" }, show(d.branch))]),
      row("hidden", (d) => el("ul", { class: "hidden-stems" },
        (d.hidden_stems || []).map((h, i) => el("li", {},
          colored(h, "hidden-stem"), " ",
          el("span", { class: "hidden-ten-god" }, show((d.hidden_ten_gods || [])[i])))))),
      row("nayin", (d) => el("span", { class: "nayin" }, show(d.nayin))),
      row("stage", (d) => el("span", { class: "stage" }, show(d.stage))),
      row("self_stage", (d) => el("span", { class: "self-stage" }, show(d.self_stage))),
      row("void", (d) => el("span", { class: "void" }, (d.void || []).join(lang === "en" ? ", " : " "))),
    ];
    const caption = el("caption", {},
      label("four_pillars", lang), ": ", el("span", { id: "pillars-text", lang: "zh-Hans" }, c.text),
      latin && el("span", { class: "english-pillars" },
        " (" + PILLARS.map((p) => (details[p] || {}).pillar).filter(Boolean).join(" · ") + ")"));
    return el("div", { class: "scroll" }, el("table", { id: "chart", class: "chart" }, caption,
      el("thead", {}, head), el("tbody", {}, rows)));
  }

  function renderPalaces(c, lang) {
    const present = PALACES.filter((k) => c[k]);
    if (!present.length) return null;
    return el("section", { class: "block", "aria-labelledby": "palaces-title" },
      el("h3", { id: "palaces-title" }, label("palaces", lang)),
      el("table", { id: "palaces", class: "palaces" },
        el("thead", {}, el("tr", {}, el("td", { class: "corner" }),
          present.map((k) => el("th", { scope: "col", class: "palace-" + k }, label(k, lang))))),
        el("tbody", {},
          el("tr", {}, el("th", { scope: "row" }, label("pillar", lang)),
            present.map((k) => el("td", { class: "palace-" + k },
              el("span", { class: "pillar" }, show(c[k].pillar))))),
          el("tr", {}, el("th", { scope: "row" }, label("nayin", lang)),
            present.map((k) => el("td", { class: "palace-" + k },
              el("span", { class: "nayin" }, show(c[k].nayin))))))));
  }

  function renderRelations(c, lang) {
    const relations = c.relations || [];
    const names = POSITION[lang];
    const item = (r) => el("li", { class: "relation" },
      el("span", { class: "kind" }, r.kind), " ",
      el("span", { class: "positions" },
        (r.positions || []).map((p) => (names ? names[p] : p)).join(names ? "" : "·")),
      " ",
      el("span", { class: "members" }, [...(r.stems || []), ...(r.branches || [])].join(" ")),
      r.element ? el("span", { class: "element" }, " → " + r.element) : null);
    return el("section", { class: "block", "aria-labelledby": "relations-title" },
      el("h3", { id: "relations-title" }, label("relations", lang)),
      relations.length
        ? el("ul", { id: "relations", class: "relations" }, relations.map(item))
        : el("p", { id: "relations", class: "muted" }, "—"));
  }

  function renderElements(c, lang) {
    if (!c.elements) return null;
    const keys = Object.keys(c.elements);
    const row = (key, counts) => el("tr", { class: "row-" + key },
      el("th", { scope: "row" }, label(key, lang)),
      keys.map((k) => el("td", {}, show(counts[k]))));
    return el("section", { class: "block", "aria-labelledby": "elements-title" },
      el("h3", { id: "elements-title" }, label("elements", lang)),
      el("table", { id: "elements", class: "elements" },
        el("thead", {}, el("tr", {}, el("td", { class: "corner" }),
          keys.map((k) => el("th", { scope: "col" }, colored(k, "element-name"))))),
        el("tbody", {}, row("visible", c.elements),
          c.elements_with_hidden ? row("with_hidden", c.elements_with_hidden) : null)));
  }

  function termName(term, lang) {
    if (!term) return "—";
    if (lang === "en") return term.english;
    if (lang === "pinyin") return term.pinyin;
    if (lang === "zh-Hant") return term.name_traditional;
    return term.name;
  }

  function renderLuck(luck, lang) {
    const pillars = luck.pillars || [];
    const o = luck.start_offset || {};
    const chinese = lang === "zh" || lang === "zh-Hant";
    const hant = lang === "zh-Hant";
    const offset = chinese
      ? `${hant ? "出生後" : "出生后"} ${o.years}年${o.months}月${o.days}日${o.hours}${hant ? "時" : "时"}${o.minutes}分`
      : `${o.years} y ${o.months} m ${o.days} d ${o.hours} h ${o.minutes} min after birth`;
    const direction = chinese
      ? (luck.forward ? "顺排" : "逆排")
      : (luck.forward ? "forward" : "backward");
    const jie = luck.counting_jie;
    const counted = chinese
      ? `${hant ? "數至" : "数至"} ${termName(jie, lang)}${jie ? " " + jie.instant : ""}`
      : `counted to ${termName(jie, lang)}${jie ? " " + jie.instant : ""}`;
    const row = (key, cell) => el("tr", { class: "row-" + key },
      el("th", { scope: "row" }, label(key, lang)),
      pillars.map((p) => el("td", { class: "luck-" + p.index }, cell(p))));
    const age = (x) => (typeof x === "number" ? String(Number(x.toFixed(2))) : show(x));
    return el("section", { class: "block", "aria-labelledby": "luck-title" },
      el("h3", { id: "luck-title" }, label("luck", lang)),
      el("p", { id: "luck-start", class: "luck-start" },
        el("strong", {}, label("luck_start", lang)), ": ",
        el("time", { datetime: luck.start }, show(luck.start)),
        ` · ${offset} · ${direction} · ${counted} · ${show(luck.method)}`),
      el("div", { class: "scroll" },
        el("table", { id: "luck", class: "luck" },
          el("tbody", {},
            row("pillar", (p) => el("span", { class: "pillar" }, show(p.pillar))),
            row("start_year", (p) => el("span", { class: "start-year" }, show(p.start_year))),
            row("start_age", (p) => el("span", { class: "start-age", title: String(p.start_age) },
              age(p.start_age)))))));
  }

  function renderMoment(c, lang) {
    const local = c.local || {};
    const lunar = c.lunar_date;
    const items = [
      ["Instant (UTC)", el("span", { id: "instant" }, show(c.instant_utc))],
      ["Zone reading", el("span", { id: "zone-reading" },
        `${show(local.wall_time)} in ${show(local.zone)}, UTC${show(local.utc_offset)}`
        + (local.dst && local.dst !== "+00:00" ? ` (DST ${local.dst})` : "")
        + `, ${show(local.resolution)}`)],
      ["Place", el("span", { id: "place-used" }, c.place
        ? `${c.place.label} (${c.place.latitude}, ${c.place.longitude}; ${c.place.timezone})` : "—")],
      ["Reckoned time", el("span", { id: "reckoned" },
        `${show(local.reckoned_time)} (${show(local.reckoning)})`
        + (local.equation_of_time_seconds !== null && local.equation_of_time_seconds !== undefined
          ? `, equation of time ${local.equation_of_time_seconds} s` : ""))],
      ["Lunar date 农历", el("span", { id: "lunar-date" },
        lunar ? lunar.hanzi + (lunar.uncertain ? " (uncertain: new moon near midnight)" : "") : "—")],
      ["Month opened by", el("span", { id: "month-jie" },
        c.month_jie ? `${termName(c.month_jie, lang)} ${c.month_jie.instant}` : "—",
        c.next_jie ? `; next ${termName(c.next_jie, lang)} ${c.next_jie.instant}` : "")],
    ];
    const options = Object.entries(c.options || {})
      .map(([k, v]) => `${k}=${show(v)}`).join(" · ");
    const versions = Object.entries(c.data_versions || {})
      .map(([k, v]) => `${k} ${v}`).join(" · ");
    return el("section", { class: "block provenance", "aria-labelledby": "moment-title" },
      el("h3", { id: "moment-title" }, label("moment", lang)),
      el("dl", { class: "moment" },
        items.map(([k, v]) => [el("dt", {}, k), el("dd", {}, v)])),
      el("p", { class: "conventions-line" },
        el("strong", {}, label("conventions", lang)), ": ",
        el("code", { id: "conventions" }, options)),
      el("p", { class: "versions-line" },
        el("strong", {}, label("versions", lang)), ": ",
        el("code", { id: "versions" }, versions)));
  }

  loadOptions().then(() => {
    $("calendar").addEventListener("change", syncCalendar);
    form.addEventListener("submit", submit);
    syncCalendar();
    form.setAttribute("data-ready", "true");
  }, (error) => {
    showErrors([{ loc: [], msg: "the options could not be loaded (" + error.message + ")" }],
      "The page cannot start:");
  });
})();
