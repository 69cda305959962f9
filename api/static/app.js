// The web page of bazi-reference: a face over the same-origin JSON API.
//
// GET v1/options builds the form, GET v1/chart draws the chart, POST v1/check checks a chart
// someone was given. No chart logic lives here: every name, age, time and warning comes
// from the API (the only domain knowledge is the colour of each character's element).
// The input lives in the address (shareable, reload-safe); nothing is stored in the browser
// and nothing is sent anywhere but this server.
// Formatted with prettier --print-width 100.
"use strict";

(function () {
  const POSITIONS = ["year", "month", "day", "hour"];
  const PALACES = ["tai_yuan", "tai_xi", "ming_gong", "shen_gong"];
  const LANG_NAMES = { zh: "简体", "zh-Hant": "繁體", pinyin: "Pīnyīn", en: "English" };
  const HTML_LANG = { zh: "zh-Hans", "zh-Hant": "zh-Hant", pinyin: "zh-Latn-pinyin", en: "en" };
  const FIRST_YEAR = 1800; // the API's supported years
  const LAST_YEAR = 2199;

  // The page's own words: [simplified, traditional, English]; pinyin mode uses English.
  const WORDS = {
    title: ["四柱八字排盘", "四柱八字排盤", "Four Pillars (Ba Zi) calculator"],
    intro: [
      "出生资料只发送到本服务器的 API，不保存在浏览器中；网址里带着资料，可分享。",
      "出生資料只發送到本伺服器的 API，不儲存在瀏覽器中；網址裡帶著資料，可分享。",
      "Birth data goes only to this server's API and is never stored in the browser; the address holds it, to share.",
    ],
    datetime: ["出生时间", "出生時間", "Date and time of birth"],
    datetime_hint: [
      "如 1995-03-08 23:40、1995/3/8 23:40、1995年3月8日 晚上11点40分、1995-03-08 下午3点",
      "如 1995-03-08 23:40、1995/3/8 23:40、1995年3月8日 晚上11點40分、1995-03-08 下午3點",
      "e.g. 1995-03-08 23:40, 1995/3/8 11:40 pm, 1995年3月8日 23:40",
    ],
    more: ["更多约定（时区、流派）", "更多約定（時區、流派）", "More conventions (zone, schools)"],
    tz: ["时区（可选）", "時區（可選）", "Time zone (optional)"],
    tz_hint: [
      "留空则用出生地的时区；也可填 Asia/Shanghai 或 +08:00。",
      "留空則用出生地的時區；也可填 Asia/Shanghai 或 +08:00。",
      "Leave empty to use the birthplace's clock; or Asia/Shanghai, +08:00.",
    ],
    submit: ["排盘", "排盤", "Chart"],
    charting: ["排盘中…", "排盤中…", "Charting…"],
    loading: ["载入中…", "載入中…", "Loading…"],
    charted: ["已排盘：", "已排盤：", "Charted: "],
    unset: ["未指定", "未指定", "not given"],
    default: ["默认", "預設", "default"],
    or_preset: ["（或按预设）", "（或按預設）", " (or the preset's)"],
    not_a_number: ["不是数字", "不是數字", "not a number"],
    need_datetime: ["请填写出生时间", "請填寫出生時間", "enter the date and time of birth"],
    need_place: [
      "请填写出生地（或在“更多约定”里填时区）",
      "請填寫出生地（或在「更多約定」裡填時區）",
      "enter the birthplace (or a time zone under More conventions)",
    ],
    please_check: ["请检查：", "請檢查：", "Please check:"],
    refused: ["无法排盘：", "無法排盤：", "The chart could not be made:"],
    busy: [
      "服务器正忙，请稍后再试。",
      "伺服器正忙，請稍後再試。",
      "The server is busy: please try again in a moment.",
    ],
    unreachable: ["无法连接服务器", "無法連接伺服器", "the server could not be reached"],
    cannot_start: ["页面无法启动：", "頁面無法啟動：", "The page cannot start:"],
    api_docs: ["API 文档", "API 文件", "API documentation"],
    languages: ["语言", "語言", "Language"],
    day_master: ["日主", "日主", "Day Master"],
    forward: ["顺排", "順排", "forward"],
    backward: ["逆排", "逆排", "backward"],
    counted_to: ["数至", "數至", "counted to"],
    after_birth: ["出生后", "出生後", "after birth"],
    prev_year: ["‹ 上一年", "‹ 上一年", "‹ Previous"],
    next_year: ["下一年 ›", "下一年 ›", "Next ›"],
    why_hint: [
      "展开时向服务器取得完整依据（每柱的规则与交界）。",
      "展開時向伺服器取得完整依據（每柱的規則與交界）。",
      "Opening this asks the server for the full explanation (each pillar's rule and boundaries).",
    ],
    no_alternatives: [
      "其他流派排出的四柱相同。",
      "其他流派排出的四柱相同。",
      "The other schools give the same pillars.",
    ],
    unknown_solar: [
      "未知（需出生地或经度）",
      "未知（需出生地或經度）",
      "unknown (needs a place or a longitude)",
    ],
    uncertain: [
      "（朔在子夜附近，日期未必准确）",
      "（朔在子夜附近，日期未必準確）",
      " (uncertain: new moon near midnight)",
    ],
    dst: ["夏令时", "夏令時", "DST"],
    claim: [
      "所给的八字（可贴上整段回答）",
      "所給的八字（可貼上整段回答）",
      "The chart you were given (a whole answer may be pasted)",
    ],
    claim_hint: [
      "如 乙亥 己卯 己亥 甲子、“年柱：乙亥 …”，拼音或英文亦可；按上面这次排盘的出生资料核对。",
      "如 乙亥 己卯 己亥 甲子、「年柱：乙亥 …」，拼音或英文亦可；按上面這次排盤的出生資料核對。",
      "e.g. 乙亥 己卯 己亥 甲子, “年柱：乙亥 …”, pinyin or English; checked against the birth charted above.",
    ],
    check_submit: ["核对", "核對", "Check"],
    checking: ["核对中…", "核對中…", "Checking…"],
    need_claim: ["请贴上要核对的八字", "請貼上要核對的八字", "paste the chart to check"],
    verdict_right: ["全对", "全對", "right"],
    verdict_wrong: ["有误", "有誤", "wrong"],
    verdict_impossible: ["不可能", "不可能", "impossible"],
    pillar_right: ["正确", "正確", "right"],
    pillar_wrong: ["错误", "錯誤", "wrong"],
    pillar_impossible: ["不可能", "不可能", "impossible"],
    whole_claim: ["可解释整个八字", "可解釋整個八字", "gives the whole claim"],
    read_as: ["读作", "讀作", "read as"],
    // Units of a duration: years, months, days, hours, minutes, seconds.
    units: [
      ["年", "个月", "天", "小时", "分", "秒"],
      ["年", "個月", "天", "小時", "分", "秒"],
      ["y", "mo", "d", "h", "min", "s"],
    ],
  };

  // Headings and table labels, always in two languages: [simplified, traditional, English].
  const HEADINGS = {
    birth: ["出生资料", "出生資料", "Birth"],
    pillar_school: ["四柱流派", "四柱流派", "Pillar school"],
    reading_school: ["解读流派", "解讀流派", "Reading school"],
    chart: ["命盘", "命盤", "Chart"],
    warnings: ["注意", "注意", "Please note"],
    pillars: ["四柱", "四柱", "Four pillars"],
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
    stars: ["神煞", "神煞", "Stars"],
    elements: ["五行", "五行", "Five elements"],
    visible: ["干支", "干支", "Stems, branches"],
    with_hidden: ["含藏干", "含藏干", "With hidden"],
    season: ["旺相休囚死", "旺相休囚死", "Season state"],
    palaces: ["胎元 命宫", "胎元 命宮", "Palaces"],
    tai_yuan: ["胎元", "胎元", "Conception"],
    tai_xi: ["胎息", "胎息", "Breath"],
    ming_gong: ["命宫", "命宮", "Life palace"],
    shen_gong: ["身宫", "身宮", "Body palace"],
    relations: ["干支关系", "干支關係", "Relations"],
    luck: ["大运", "大運", "Luck pillars"],
    luck_start: ["起运", "起運", "Luck starts"],
    pillar: ["干支", "干支", "Pillar"],
    age_nominal: ["虚岁", "虛歲", "Nominal age"],
    age_full: ["周岁", "周歲", "Full age"],
    start: ["起始", "起始", "Starts"],
    minor: ["小运", "小運", "Minor luck"],
    years: ["流年", "流年", "Annual pillars"],
    year_of: ["年份", "年份", "Year"],
    luck_pillar: ["大运", "大運", "Luck"],
    months: ["流月", "流月", "Monthly pillars"],
    jie: ["节", "節", "Solar term"],
    select_year: ["选择年份", "選擇年份", "Year"],
    why: ["依据", "依據", "Why"],
    alternatives: ["其他流派", "其他流派", "Other schools"],
    prev_boundary: ["上一交界", "上一交界", "Previous boundary"],
    next_boundary: ["下一交界", "下一交界", "Next boundary"],
    star_rules: ["神煞查法", "神煞查法", "How the stars are found"],
    star: ["神煞", "神煞", "Star"],
    position: ["柱", "柱", "Pillar"],
    basis: ["查法", "查法", "Found from"],
    source: ["出处", "出處", "Source"],
    moment: ["时间与出处", "時間與出處", "Time and provenance"],
    clock_time: ["钟表时间", "鐘錶時間", "Clock time"],
    solar_time: ["真太阳时", "真太陽時", "True solar time"],
    reckoned: ["排盘所用时间", "排盤所用時間", "Time used"],
    place: ["出生地", "出生地", "Place"],
    lunar: ["农历", "農曆", "Lunar date"],
    born_after: ["交节", "交節", "After the term"],
    month_jie: ["月令之节", "月令之節", "Month opened by"],
    next_jie: ["下一节", "下一節", "Next term"],
    instant: ["世界时", "世界時", "Instant (UTC)"],
    conventions: ["排盘约定", "排盤約定", "Conventions"],
    versions: ["数据版本", "數據版本", "Data versions"],
    check: ["核对别人给的八字", "核對別人給的八字", "Check a chart you were given"],
    verdict: ["判定", "判定", "Verdict"],
    claimed: ["所给", "所給", "Claimed"],
    right: ["正确", "正確", "Right"],
    reason: ["说明", "說明", "Reason"],
    diagnosis: ["可能原因", "可能原因", "Likely causes"],
    matches: ["有此八字的时刻", "有此八字的時刻", "Moments with this chart"],
    days_from_birth: ["距出生（天）", "距出生（天）", "Days from birth"],
  };

  // What each kind of warning is about (the kinds of bazi.margins).
  const WARNING_KINDS = {
    jie: ["交节", "交節", "solar term"],
    hour: ["时辰交界", "時辰交界", "hour boundary"],
    day: ["换日", "換日", "day boundary"],
    clock_change: ["改钟", "改鐘", "clock change"],
    day_boundary: ["换日流派", "換日流派", "day-boundary school"],
    dst: ["夏令时", "夏令時", "daylight saving"],
    solar_time: ["真太阳时", "真太陽時", "true solar time"],
    place_clock: ["两种钟点", "兩種鐘點", "two clocks"],
  };

  // Colour only: the element of each stem, branch and element name.
  const ELEMENT_OF = {};
  for (const [element, chars] of Object.entries({
    wood: "甲乙寅卯木",
    fire: "丙丁巳午火",
    earth: "戊己辰戌丑未土",
    metal: "庚辛申酉金",
    water: "壬癸亥子水",
  })) {
    for (const ch of chars) ELEMENT_OF[ch] = element;
  }

  const $ = (id) => document.getElementById(id);
  const form = $("chart-form");
  const errorsBox = $("errors");
  const statusLine = $("status");
  const result = $("result");
  const resultBody = $("result-body");

  // What the page shows. `birth` is the query of the birth last charted (datetime, place,
  // tz and the options set); `chart` its answer in `lang`, `zh` the same chart in simplified
  // Chinese (set beside English and pinyin), `year` the year chosen for 流年 and 流月.
  const state = {
    options: [], // as GET v1/options declares them
    langs: [],
    lang: "zh",
    birth: null,
    chart: null,
    zh: null,
    year: new Date().getFullYear(),
    explain: false,
    check: null,
    seq: 0,
  };
  // The input that an error about a request field points at.
  const INPUT_OF = { datetime: "datetime", tz: "tz", claim: "claim", years: "year-select" };

  // ---- words ----

  const slot = (lang) => (lang === "zh" ? 0 : lang === "zh-Hant" ? 1 : 2);
  const isLatin = (lang = state.lang) => lang === "en" || lang === "pinyin";
  const word = (key) => WORDS[key][slot(state.lang)];

  // A heading in the page's language with the other language beside it: Chinese with
  // English, English (or pinyin mode) with simplified Chinese.
  function heading(key) {
    const [hans, hant, en] = HEADINGS[key];
    if (isLatin()) {
      return [
        el("span", { class: "h-main", lang: "en" }, en),
        " ",
        el("span", { class: "h-alt", lang: "zh-Hans" }, hans),
      ];
    }
    const hanzi = state.lang === "zh-Hant" ? hant : hans;
    return [
      el("span", { class: "h-main" }, hanzi),
      " ",
      el("span", { class: "h-alt", lang: "en" }, en),
    ];
  }

  // A value named for people by the API ({en, zh, zh-Hant}) in the page's language.
  function named(names, fallback) {
    if (!names) return String(fallback);
    return names[state.lang] || (isLatin() ? names.en : names.zh) || String(fallback);
  }

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

  const show = (v) => (v === null || v === undefined || v === "" ? "—" : String(v));

  // The script of the Chinese on the page: traditional in 繁體 mode, else simplified.
  const hanziLang = () => (state.lang === "zh-Hant" ? "zh-Hant" : "zh-Hans");

  // Hanzi, each character coloured by its element.
  function hanzi(text, cls) {
    return el(
      "span",
      { class: cls, lang: hanziLang() },
      Array.from(show(text)).map((ch) =>
        ELEMENT_OF[ch] ? el("span", { class: "el-" + ELEMENT_OF[ch] }, ch) : ch,
      ),
    );
  }

  // A name as the chart gives it, with the Chinese beside it when the chart is in English
  // or pinyin (`zh`: the same field of the simplified-Chinese chart).
  function dual(value, zh, cls, colour) {
    const chinese = zh === undefined || zh === null ? value : zh;
    const main = colour
      ? hanzi(chinese, "zh")
      : el("span", { class: "zh", lang: hanziLang() }, show(chinese));
    if (!isLatin() || value === chinese || value === null || value === undefined) {
      return el("span", { class: cls }, main);
    }
    return el(
      "span",
      { class: (cls || "") + " dual" },
      main,
      " ",
      el("span", { class: "latin", lang: HTML_LANG[state.lang] }, show(value)),
    );
  }

  function list(values, zhValues, cls) {
    const items = values || [];
    if (!items.length) return el("span", { class: "muted" }, "—");
    return el(
      "ul",
      { class: "names " + cls },
      items.map((v, i) => el("li", {}, dual(v, (zhValues || [])[i]))),
    );
  }

  // '2004-05-20T13:27:28+08:00' → '2004-05-20 13:27 UTC+08:00' (seconds on request). Times
  // are the API's local ones, with their offset; the offset is dropped only where a time
  // of day alone is wanted.
  function localTime(iso, { seconds = false, offset = true } = {}) {
    const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(:\d{2})?(?:\.\d+)?(Z|[+-]\d{2}:\d{2})?$/.exec(
      iso || "",
    );
    if (!m) return show(iso);
    const zone = !offset || !m[4] ? "" : m[4] === "Z" ? " UTC" : " UTC" + m[4];
    return m[1] + " " + m[2] + (seconds && m[3] ? m[3] : "") + zone;
  }

  function timeNode(iso, options) {
    return el("time", { datetime: iso }, localTime(iso, options));
  }

  // A span of time for people: its two largest units ("2 天 14 小时", "7 min").
  function duration(seconds) {
    let s = Math.round(Math.abs(seconds));
    const parts = [
      Math.floor(s / 86400),
      Math.floor((s %= 86400) / 3600),
      Math.floor((s %= 3600) / 60),
      s % 60,
    ];
    const units = word("units").slice(2);
    const first = parts.findIndex((n) => n > 0);
    if (first < 0) return "0 " + units[3];
    return parts
      .slice(first, first + 2)
      .map((n, i) => n + " " + units[first + i])
      .filter((t) => !t.startsWith("0 "))
      .join(" ");
  }

  // ---- the form, from GET v1/options ----

  function optionLabel(option) {
    return named(option.label, option.name);
  }

  function choiceName(option, value) {
    return named(option.names && option.names[String(value)], value);
  }

  function blankChoice(option) {
    if (option.default === null) return word("unset");
    return (
      word("default") +
      ": " +
      choiceName(option, option.default) +
      (option.presettable ? word("or_preset") : "")
    );
  }

  // One field per declared option: a select for a choice (with a blank entry where the
  // face sends nothing), a checkbox, a number or a text input.
  function optionField(option) {
    const id = option.name;
    const hint = el("small", { id: id + "-hint", class: "hint" });
    const labelNode = el("label", { for: id });
    let input;
    if (option.kind === "choice") {
      input = el("select", { id, name: id, "aria-describedby": hint.id });
      if (option.face_default === null) input.append(el("option", { value: "" }));
      for (const choice of option.choices) input.append(el("option", { value: String(choice) }));
      input.value = option.face_default === null ? "" : String(option.face_default);
    } else if (option.kind === "boolean") {
      input = el("input", {
        id,
        name: id,
        type: "checkbox",
        "aria-describedby": hint.id,
        checked: option.face_default === true,
      });
      return el("div", { class: "field check", "data-option-field": id }, input, labelNode, hint);
    } else if (option.kind === "number") {
      input = el("input", {
        id,
        name: id,
        type: "number",
        step: "any",
        min: option.minimum,
        max: option.maximum,
        inputmode: "decimal",
        autocomplete: "off",
        "aria-describedby": hint.id,
      });
    } else {
      input = el("input", {
        id,
        name: id,
        type: "text",
        maxlength: option.max_length,
        spellcheck: "false",
        autocomplete: "off",
        "aria-describedby": hint.id,
      });
      if (id === "place") input.placeholder = "深圳";
    }
    return el("div", { class: "field", "data-option-field": id }, labelNode, input, hint);
  }

  // Labels, choice names and hints in the page's language (values are kept).
  function labelOptions() {
    for (const option of state.options) {
      const field = document.querySelector('[data-option-field="' + option.name + '"]');
      field.querySelector("label").textContent = optionLabel(option);
      const help = option.help || {};
      field.querySelector(".hint").textContent = (isLatin() ? help.en : help.zh) || help.en || "";
      for (const node of field.querySelectorAll("option")) {
        node.textContent =
          node.value === "" ? "— " + blankChoice(option) + " —" : choiceName(option, node.value);
      }
    }
  }

  async function loadOptions() {
    const answer = await api("v1/options");
    if (!answer.ok) throw new Error("HTTP " + answer.status);
    state.options = answer.body.options;
    state.langs = answer.body.langs;
    for (const option of state.options) {
      // Its own place in the form, else with its group under "more conventions".
      const place =
        document.querySelector('[data-option="' + option.name + '"]') ||
        $("options-" + option.group) ||
        $("options-input");
      place.append(optionField(option));
      INPUT_OF[option.name] = option.name;
    }
    const langs = $("langs");
    for (const lang of state.langs) {
      langs.append(
        el(
          "button",
          { type: "button", "data-lang": lang, lang: HTML_LANG[lang] },
          LANG_NAMES[lang] || lang,
        ),
      );
    }
  }

  // Every word of the page in the chosen language.
  function applyWords() {
    document.documentElement.lang = HTML_LANG[state.lang];
    document.title = word("title") + " · bazi-reference";
    for (const node of document.querySelectorAll("[data-t]")) {
      node.textContent = word(node.dataset.t);
    }
    for (const node of document.querySelectorAll("[data-h]")) {
      node.replaceChildren(...heading(node.dataset.h));
    }
    for (const button of document.querySelectorAll("#langs button")) {
      button.setAttribute("aria-pressed", String(button.dataset.lang === state.lang));
    }
    $("langs").setAttribute("aria-label", word("languages") + " · Language");
    labelOptions();
    syncCalendar();
  }

  // A leap month means something only in the lunar calendar.
  function syncCalendar() {
    const leap = $("leap_month");
    if (!leap || !$("calendar")) return;
    const lunar = $("calendar").value === "lunar";
    leap.disabled = !lunar;
    if (!lunar) leap.checked = false;
  }

  // The birth in the form, as query parameters: only what is set, in a fixed order.
  function readForm() {
    const problems = [];
    const params = new URLSearchParams();
    const datetime = $("datetime").value.trim();
    if (!datetime) problems.push({ loc: ["datetime"], msg: word("need_datetime") });
    params.set("datetime", datetime);
    const tz = $("tz").value.trim();
    if (tz) params.set("tz", tz);
    for (const option of state.options) {
      const input = $(option.name);
      if (input.type === "checkbox") {
        if (!input.disabled && input.checked !== (option.face_default === true)) {
          params.set(option.name, String(input.checked));
        }
      } else if (input.validity && input.validity.badInput) {
        problems.push({ loc: [option.name], msg: word("not_a_number") });
      } else {
        const value = input.value.trim();
        if (value !== "" && value !== String(option.face_default)) params.set(option.name, value);
      }
    }
    if (!tz && !params.get("place")) problems.push({ loc: ["place"], msg: word("need_place") });
    return { params, problems };
  }

  // The form from an address's query (unknown parameters are ignored).
  function fillForm(query) {
    $("datetime").value = query.get("datetime") || "";
    $("tz").value = query.get("tz") || "";
    for (const option of state.options) {
      const input = $(option.name);
      const value = query.get(option.name);
      if (input.type === "checkbox") {
        input.checked = value === null ? option.face_default === true : value === "true";
      } else if (value !== null) {
        input.value = value;
      } else {
        input.value = option.face_default === null ? "" : String(option.face_default);
      }
    }
    if (query.get("tz")) $("more").open = true;
    syncCalendar();
  }

  // ---- talking to the API ----

  async function api(path, init) {
    const response = await fetch(path, {
      headers: {
        Accept: "application/json",
        ...(init && init.body ? { "Content-Type": "application/json" } : {}),
      },
      credentials: "same-origin",
      cache: "no-store",
      referrerPolicy: "no-referrer",
      ...init,
    });
    let body = null;
    try {
      body = await response.json();
    } catch {
      body = null;
    }
    return { ok: response.ok, status: response.status, body };
  }

  // An answer that is not a chart, as the list of problems to show.
  function problemsOf(answer) {
    if (answer.status === 503) {
      const msg =
        answer.body && Array.isArray(answer.body.detail) && answer.body.detail[0]
          ? answer.body.detail[0].msg
          : "";
      return [{ loc: [], msg: word("busy") + (msg ? " (" + msg + ")" : "") }];
    }
    if (answer.body && Array.isArray(answer.body.detail)) return answer.body.detail;
    return [{ loc: [], msg: "HTTP " + answer.status }];
  }

  // The 流年 shown: a decade around the chosen year, inside the API's years.
  function yearSpan(year) {
    const first = Math.max(FIRST_YEAR, Math.min(year - 4, LAST_YEAR - 9));
    return first + "-" + (first + 9);
  }

  // The chart of the birth (and, in English or pinyin, the same chart in simplified
  // Chinese, to set beside it), with the 流年 around the chosen year.
  async function fetchChart(birth, { explain }) {
    const params = new URLSearchParams(birth);
    params.set("lang", state.lang);
    params.set("years", yearSpan(state.year));
    if (explain) params.set("explain", "true");
    const asked = [api("v1/chart?" + params)];
    if (isLatin()) {
      const zh = new URLSearchParams(params);
      zh.set("lang", "zh");
      zh.delete("explain");
      asked.push(api("v1/chart?" + zh));
    }
    const [chart, zh] = await Promise.all(asked);
    if (!chart.ok) return { problems: problemsOf(chart) };
    if (zh && !zh.ok) return { problems: problemsOf(zh) };
    return { chart: chart.body, zh: zh ? zh.body : chart.body };
  }

  // The address: the birth, the language, the chosen year and the explanation, so that a
  // reload or a shared link shows the same page. Nothing else keeps the input.
  function writeAddress(push) {
    const params = new URLSearchParams(state.birth || undefined);
    if (state.birth || state.lang !== "zh") params.set("lang", state.lang);
    if (state.birth) params.set("years", String(state.year));
    if (state.birth && state.explain) params.set("explain", "true");
    const query = params.toString();
    const url = location.pathname + (query ? "?" + query : "");
    if (url === location.pathname + location.search) return;
    if (push) history.pushState(null, "", url);
    else history.replaceState(null, "", url);
  }

  // Chart the birth in `state.birth`; draw it, or show why not.
  async function chartBirth({ push, scroll }) {
    const seq = ++state.seq;
    statusLine.textContent = word("charting");
    form.setAttribute("aria-busy", "true");
    let answer;
    try {
      answer = await fetchChart(state.birth, { explain: state.explain });
    } catch (error) {
      answer = { problems: [{ loc: [], msg: word("unreachable") + " (" + error.message + ")" }] };
    }
    if (seq !== state.seq) return; // a later request has been made
    form.removeAttribute("aria-busy");
    if (answer.problems) {
      statusLine.textContent = "";
      result.hidden = true;
      showErrors(errorsBox, answer.problems, word("refused"));
      return;
    }
    clearErrors(errorsBox);
    state.chart = answer.chart;
    state.zh = answer.zh;
    render();
    writeAddress(push);
    statusLine.textContent = word("charted") + state.chart.text;
    if (scroll) {
      result.scrollIntoView({ block: "start" });
      $("result-title").focus({ preventScroll: true });
    }
  }

  // Another year for 流年/流月, or the explanation: the same birth asked again, and only the
  // section that changes drawn again.
  async function refresh(section) {
    const seq = ++state.seq;
    const box = $(section);
    if (box) box.setAttribute("aria-busy", "true");
    let answer;
    try {
      answer = await fetchChart(state.birth, { explain: state.explain });
    } catch (error) {
      answer = { problems: [{ loc: [], msg: word("unreachable") + " (" + error.message + ")" }] };
    }
    if (seq !== state.seq) return;
    if (answer.problems) {
      if (box) box.removeAttribute("aria-busy");
      showErrors(errorsBox, answer.problems, word("refused"));
      return;
    }
    state.chart = answer.chart;
    state.zh = answer.zh;
    replaceSection(section === "years" ? renderYears() : renderWhy());
    if (section === "years") markLuck();
    writeAddress(false);
  }

  // ---- errors ----

  function fieldOf(loc) {
    const names = (loc || []).filter((x) => typeof x === "string" && x !== "query" && x !== "body");
    return names.length ? names[names.length - 1] : null;
  }

  function fieldName(field) {
    const input = field && INPUT_OF[field] && $(INPUT_OF[field]);
    const label = input && document.querySelector('label[for="' + input.id + '"]');
    return label ? label.textContent.trim() : field || "";
  }

  function clearErrors(box) {
    box.hidden = true;
    box.replaceChildren();
    const scope = box === errorsBox ? form : $("check");
    for (const node of scope.querySelectorAll(".field-error")) node.remove();
    for (const node of scope.querySelectorAll("[aria-invalid]")) {
      node.removeAttribute("aria-invalid");
      const ids = (node.getAttribute("aria-describedby") || "")
        .split(" ")
        .filter((id) => id && !id.startsWith("error-"));
      if (ids.length) node.setAttribute("aria-describedby", ids.join(" "));
      else node.removeAttribute("aria-describedby");
    }
  }

  // The problems in `box`, each also under the field it is about (opening a closed
  // section to show it); focus goes to the first such field, else to the box.
  function showErrors(box, problems, title) {
    clearErrors(box);
    let first = null;
    const items = problems.map((item, i) => {
      const field = fieldOf(item.loc);
      const input = field && INPUT_OF[field] && $(INPUT_OF[field]);
      if (input && input.closest(".field")) {
        const id = "error-" + box.id + "-" + i;
        const details = input.closest("details");
        if (details) details.open = true;
        first = first || input;
        input.setAttribute("aria-invalid", "true");
        const ids = input.getAttribute("aria-describedby");
        input.setAttribute("aria-describedby", ids ? ids + " " + id : id);
        input
          .closest(".field")
          .append(el("p", { class: "field-error", id, "data-field": field }, show(item.msg)));
      }
      const name = fieldName(field);
      return el(
        "li",
        { "data-field": field || "" },
        name ? [el("strong", {}, name), isLatin() ? ": " : "："] : null,
        show(item.msg),
      );
    });
    box.append(el("p", { class: "errors-title" }, title), el("ul", {}, items));
    box.hidden = false;
    (first || box).focus();
  }

  // ---- the chart ----

  function render() {
    resultBody.replaceChildren(
      ...[
        renderSummary(),
        renderWarnings(),
        renderPillars(),
        el("div", { class: "two" }, renderElements(), renderPalaces()),
        renderRelations(),
        renderLuck(), // none without a gender
        renderYears(),
        renderWhy(),
        renderMoment(),
      ].filter(Boolean),
    );
    resultBody.setAttribute("data-lang", state.lang);
    markLuck();
    renderCheck();
    result.hidden = false;
  }

  // Draw a section again in place, keeping the keyboard focus on the same control.
  function replaceSection(node) {
    const old = $(node.id);
    const focused =
      document.activeElement && old && old.contains(document.activeElement)
        ? document.activeElement.id
        : null;
    old.replaceWith(node);
    if (focused && $(focused)) $(focused).focus();
  }

  function section(id, key, ...children) {
    return el(
      "section",
      { id, class: "block", "aria-labelledby": id + "-title" },
      el("h3", { id: id + "-title" }, heading(key)),
      children,
    );
  }

  function renderSummary() {
    const c = state.chart;
    const z = state.zh;
    const local = c.local || {};
    const place = c.place;
    const gender = c.options && c.options.gender;
    const genderOption = state.options.find((o) => o.name === "gender");
    const after = c.born_after_jie;
    const lunar = c.lunar_date;
    return el(
      "div",
      { id: "summary", class: "summary" },
      el(
        "p",
        { class: "pillars-line" },
        Object.assign(hanzi(c.text, "pillars-text"), { id: "pillars-text" }),
        isLatin()
          ? el(
              "span",
              { class: "latin pillars-names" },
              POSITIONS.map((p) => c.details[p].pillar).join(" · "),
            )
          : null,
      ),
      el(
        "p",
        { id: "birth-line", class: "birth-line" },
        el("time", { datetime: local.wall_time }, localTime(local.wall_time, { offset: false })),
        " UTC" + show(local.utc_offset),
        " ",
        el("span", { class: "muted" }, show(local.zone)),
        place
          ? [
              " · ",
              el(
                "span",
                { id: "place-used" },
                place.matched || place.name,
                " ",
                el("span", { class: "muted" }, place.label),
              ),
            ]
          : null,
        gender && genderOption ? [" · ", choiceName(genderOption, gender)] : null,
      ),
      el(
        "p",
        { class: "facts" },
        el(
          "span",
          { id: "solar-time" },
          el("strong", {}, heading("solar_time")[0]),
          " ",
          local.apparent_solar_time
            ? localTime(local.apparent_solar_time, { seconds: true, offset: false })
            : word("unknown_solar"),
        ),
        lunar
          ? el(
              "span",
              { id: "lunar-date" },
              el("strong", {}, heading("lunar")[0]),
              " ",
              el("span", { lang: "zh-Hans" }, lunar.hanzi),
              lunar.uncertain ? word("uncertain") : "",
            )
          : null,
        after
          ? el("span", { id: "born-after-jie" }, dual(after.text, z.born_after_jie.text))
          : null,
      ),
    );
  }

  // The warnings, prominent: each says which other pillars a boundary or a school gives.
  function renderWarnings() {
    const warnings = state.chart.warnings || [];
    const zh = state.zh.warnings || [];
    const box = el(
      "section",
      {
        id: "warnings",
        class: "warnings",
        "aria-labelledby": "warnings-title",
        hidden: !warnings.length,
      },
      el("h3", { id: "warnings-title" }, "⚠ ", heading("warnings")),
      el(
        "ul",
        {},
        warnings.map((w, i) =>
          el(
            "li",
            { class: "warning", "data-kind": w.kind },
            WARNING_KINDS[w.kind]
              ? el("span", { class: "tag" }, WARNING_KINDS[w.kind][slot(state.lang)])
              : null,
            " ",
            el("span", { class: "message" }, w.message),
            isLatin() && zh[i]
              ? el("span", { class: "message-zh", lang: "zh-Hans" }, zh[i].message)
              : null,
          ),
        ),
      ),
    );
    return box;
  }

  function renderPillars() {
    const c = state.chart;
    const z = state.zh;
    const head = el(
      "tr",
      {},
      el("td", { class: "corner" }),
      POSITIONS.map((p) =>
        el(
          "th",
          { scope: "col", class: "pillar-" + p },
          heading(p),
          isLatin() ? el("span", { class: "pillar-latin" }, c.details[p].pillar) : null,
        ),
      ),
    );
    const row = (key, cell) =>
      el(
        "tr",
        { class: "row-" + key },
        el("th", { scope: "row" }, heading(key)),
        POSITIONS.map((p) =>
          el("td", { class: "pillar-" + p, "data-pillar": p }, cell(c.details[p], z.details[p], p)),
        ),
      );
    const glyph = (d, zd, key, cls) => [
      hanzi(zd[key], "big " + cls),
      isLatin() ? el("span", { class: "latin name" }, d[key]) : null,
    ];
    const rows = [
      row("ten_god", (d, zd, p) =>
        p === "day"
          ? dual(word("day_master"), WORDS.day_master[0], "ten-god day-master")
          : dual(d.ten_god, zd.ten_god, "ten-god"),
      ),
      row("stem", (d, zd) => glyph(d, zd, "stem", "stem")),
      row("branch", (d, zd) => glyph(d, zd, "branch", "branch")),
      // Each hidden stem with its ten god: 壬 正财, and in English "Yang Water · Direct Wealth".
      row("hidden", (d, zd) =>
        el(
          "ul",
          { class: "hidden-stems" },
          d.hidden_stems.map((h, i) =>
            el(
              "li",
              {},
              hanzi(zd.hidden_stems[i], "hidden-stem"),
              " ",
              el("span", { class: "hidden-ten-god" }, zd.hidden_ten_gods[i]),
              isLatin()
                ? el("span", { class: "latin name" }, h + " · " + d.hidden_ten_gods[i])
                : null,
            ),
          ),
        ),
      ),
      row("nayin", (d, zd) => dual(d.nayin, zd.nayin, "nayin")),
      row("stage", (d, zd) => dual(d.stage, zd.stage, "stage")),
      row("self_stage", (d, zd) => dual(d.self_stage, zd.self_stage, "self-stage")),
      row("void", (d, zd) => list(d.void, zd.void, "void")),
      row("stars", (d, zd) => list(d.stars, zd.stars, "stars")),
    ];
    return el(
      "table",
      { id: "chart", class: "chart" },
      el("caption", { class: "visually-hidden" }, heading("pillars")),
      el("thead", {}, head),
      el("tbody", {}, rows),
    );
  }

  // One row per element (木火土金水): how many of the stems and branches, with the hidden
  // stems, and its season state 旺相休囚死. Rows, not columns, so that it fits a phone.
  function renderElements() {
    const c = state.chart;
    const z = state.zh;
    if (!c.elements) return null;
    const keys = Object.keys(c.elements);
    const zkeys = Object.keys(z.elements);
    const columns = [
      "visible",
      c.elements_with_hidden && "with_hidden",
      c.seasons && "season",
    ].filter(Boolean);
    const cell = (column, k, zk) => {
      if (column === "visible") return show(c.elements[k]);
      if (column === "with_hidden") return show(c.elements_with_hidden[k]);
      return dual(c.seasons[k], z.seasons[zk], "season");
    };
    return section(
      "elements",
      "elements",
      el(
        "table",
        { class: "elements" },
        el(
          "thead",
          {},
          el(
            "tr",
            {},
            el("td", { class: "corner" }),
            columns.map((column) => el("th", { scope: "col" }, heading(column))),
          ),
        ),
        el(
          "tbody",
          {},
          keys.map((k, i) =>
            el(
              "tr",
              { "data-element": zkeys[i] },
              el("th", { scope: "row" }, dual(k, zkeys[i], "element-name", true)),
              columns.map((column) =>
                el("td", { class: "col-" + column }, cell(column, k, zkeys[i])),
              ),
            ),
          ),
        ),
      ),
    );
  }

  function renderPalaces() {
    const c = state.chart;
    const z = state.zh;
    const present = PALACES.filter((k) => c[k]);
    if (!present.length) return null;
    return section(
      "palaces",
      "palaces",
      el(
        "table",
        { class: "palaces" },
        el(
          "thead",
          {},
          el(
            "tr",
            {},
            present.map((k) => el("th", { scope: "col", class: "palace-" + k }, heading(k))),
          ),
        ),
        el(
          "tbody",
          {},
          el(
            "tr",
            {},
            present.map((k) =>
              el(
                "td",
                { class: "palace-" + k },
                dual(c[k].pillar, z[k].pillar, "pillar", true),
                " ",
                dual(c[k].nayin, z[k].nayin, "nayin"),
              ),
            ),
          ),
        ),
      ),
    );
  }

  function renderRelations() {
    const c = state.chart;
    const z = state.zh;
    const relations = c.relations || [];
    // 年月 in Chinese (the first character of 年柱, 月柱), year–month in English.
    const where = (positions) =>
      isLatin()
        ? positions.map((p) => HEADINGS[p][2].toLowerCase()).join("–")
        : positions.map((p) => HEADINGS[p][slot(state.lang)].charAt(0)).join("");
    return section(
      "relations",
      "relations",
      relations.length
        ? el(
            "ul",
            { class: "relations" },
            relations.map((r, i) => {
              const zr = z.relations[i];
              return el(
                "li",
                { class: "relation" },
                dual(r.kind, zr.kind, "kind"),
                " ",
                el("span", { class: "positions" }, where(r.positions)),
                " ",
                hanzi([...zr.stems, ...zr.branches].join(""), "members"),
                r.element ? [" → ", dual(r.element, zr.element, "element", true)] : null,
              );
            }),
          )
        : el("p", { class: "muted" }, "—"),
    );
  }

  function renderLuck() {
    const luck = state.chart.luck;
    const zluck = state.zh.luck;
    if (!luck) return null;
    const o = luck.start_offset;
    const units = word("units");
    const offset = [o.years, o.months, o.days, o.hours, o.minutes]
      .map((n, i) => n + (isLatin() ? " " : "") + units[i])
      .join(" ");
    const method = state.options.find((x) => x.name === "luck_method");
    const jie = luck.counting_jie;
    const rows = luck.pillars.map((p, i) => {
      const zp = zluck.pillars[i];
      return el(
        "tr",
        { class: "luck-row", "data-index": p.index, "data-start-year": p.start_year },
        el("td", { class: "pillar" }, dual(p.pillar, zp.pillar, "pillar-name", true)),
        el("td", {}, dual(p.ten_god, zp.ten_god, "ten-god")),
        el("td", { class: "num age-nominal" }, show(p.age_nominal)),
        el("td", { class: "num age-full" }, show(p.age_full)),
        el(
          "td",
          { class: "start" },
          el(
            "time",
            { datetime: p.start },
            el("span", { class: "date" }, localTime(p.start).slice(0, 10)),
            " ",
            el("span", { class: "clock" }, localTime(p.start).slice(11)),
          ),
        ),
        el("td", { class: "stars" }, list(p.stars, zp.stars, "stars")),
      );
    });
    const minor = luck.minor || [];
    return section(
      "luck",
      "luck",
      el(
        "p",
        { id: "luck-start", class: "luck-start" },
        el("strong", {}, heading("luck_start")[0]),
        " ",
        timeNode(luck.start),
        " · " + word("after_birth") + " " + offset,
        " · " + word(luck.forward ? "forward" : "backward"),
        jie ? " · " + word("counted_to") + " " + termName(jie) + " " + localTime(jie.local) : "",
        method ? " · " + choiceName(method, luck.method) : "",
      ),
      el(
        "div",
        { class: "scroll" },
        el(
          "table",
          { id: "luck-table", class: "luck" },
          el(
            "thead",
            {},
            el(
              "tr",
              {},
              ["luck_pillar", "ten_god", "age_nominal", "age_full", "start", "stars"].map((k) =>
                el("th", { scope: "col", class: "col-" + k }, heading(k)),
              ),
            ),
          ),
          el("tbody", {}, rows),
        ),
      ),
      minor.length
        ? el(
            "div",
            { id: "minor", class: "minor" },
            el("h4", {}, heading("minor")),
            el(
              "ol",
              {},
              minor.map((m, i) =>
                el(
                  "li",
                  { "data-year": m.year },
                  dual(m.pillar, zluck.minor[i].pillar, "pillar-name", true),
                  " ",
                  el(
                    "small",
                    {},
                    m.year + " · " + HEADINGS.age_nominal[slot(state.lang)] + " " + m.age,
                  ),
                ),
              ),
            ),
          )
        : null,
    );
  }

  function termName(term) {
    if (!term) return "—";
    if (state.lang === "en") return term.english + " " + term.name;
    if (state.lang === "pinyin") return term.pinyin + " " + term.name;
    return state.lang === "zh-Hant" ? term.name_traditional : term.name;
  }

  // The luck pillar in force in the chosen year, marked.
  function markLuck() {
    const rows = Array.from(document.querySelectorAll("#luck-table .luck-row"));
    rows.forEach((row, i) => {
      const next = rows[i + 1];
      const inForce =
        Number(row.dataset.startYear) <= state.year &&
        (!next || state.year < Number(next.dataset.startYear));
      row.classList.toggle("current", inForce);
    });
  }

  // The years a person can choose: from the birth to a hundred years on (and the chosen one).
  function yearChoices() {
    const born = Number((state.chart.local.wall_time || "").slice(0, 4)) || state.year;
    const first = Math.max(FIRST_YEAR, Math.min(born, state.year));
    const last = Math.min(LAST_YEAR, Math.max(born + 100, state.year));
    const years = [];
    for (let y = first; y <= last; y++) years.push(y);
    return years;
  }

  function renderYears() {
    const c = state.chart;
    const z = state.zh;
    const annual = c.annual || [];
    const zannual = z.annual || [];
    const choices = yearChoices();
    const select = el(
      "select",
      { id: "year-select" },
      choices.map((y) => el("option", { value: y, selected: y === state.year }, y)),
    );
    const hasMinor = annual.some((a) => a.minor_luck);
    const rows = annual.map((a, i) => {
      const za = zannual[i];
      const chosen = a.year === state.year;
      return el(
        "tr",
        {
          class: chosen ? "chosen" : null,
          "data-year": a.year,
          "aria-current": chosen ? "true" : null,
        },
        el(
          "th",
          { scope: "row" },
          el(
            "button",
            {
              type: "button",
              class: "year-button",
              "data-year": a.year,
              "aria-pressed": String(chosen),
            },
            a.year,
          ),
        ),
        el("td", { class: "pillar" }, dual(a.pillar, za.pillar, "pillar-name", true)),
        el("td", {}, dual(a.ten_god, za.ten_god, "ten-god")),
        el("td", { class: "num age-nominal" }, show(a.age_nominal)),
        el(
          "td",
          { class: "pillar" },
          a.luck_pillar ? dual(a.luck_pillar, za.luck_pillar, "pillar-name", true) : "—",
        ),
        hasMinor
          ? el(
              "td",
              { class: "pillar" },
              a.minor_luck ? dual(a.minor_luck, za.minor_luck, "pillar-name", true) : "—",
            )
          : null,
        el("td", { class: "stars" }, list(a.stars, za.stars, "stars")),
      );
    });
    const index = annual.findIndex((a) => a.year === state.year);
    const chosen = annual[index];
    const zchosen = zannual[index];
    const months = chosen
      ? chosen.months.map((m, i) => {
          const zm = zchosen.months[i];
          return el(
            "tr",
            { "data-month": i + 1 },
            el("td", {}, dual(m.jie, zm.jie, "jie")),
            el("td", { class: "start" }, timeNode(m.start)),
            el("td", { class: "pillar" }, dual(m.pillar, zm.pillar, "pillar-name", true)),
            el("td", {}, dual(m.ten_god, zm.ten_god, "ten-god")),
          );
        })
      : [];
    const cols = (keys) =>
      el(
        "thead",
        {},
        el(
          "tr",
          {},
          keys.map((k) => el("th", { scope: "col", class: "col-" + k }, heading(k))),
        ),
      );
    return section(
      "years",
      "years",
      el(
        "div",
        { class: "year-controls" },
        el("label", { for: "year-select" }, heading("select_year")[0]),
        select,
        el(
          "button",
          { type: "button", id: "year-prev", class: "small", disabled: state.year <= choices[0] },
          word("prev_year"),
        ),
        el(
          "button",
          {
            type: "button",
            id: "year-next",
            class: "small",
            disabled: state.year >= choices[choices.length - 1],
          },
          word("next_year"),
        ),
      ),
      el(
        "div",
        { class: "scroll" },
        el(
          "table",
          { id: "annual", class: hasMinor ? "annual with-minor" : "annual" },
          cols([
            "year_of",
            "pillar",
            "ten_god",
            "age_nominal",
            "luck_pillar",
            ...(hasMinor ? ["minor"] : []),
            "stars",
          ]),
          el("tbody", {}, rows),
        ),
      ),
      chosen
        ? el(
            "div",
            { id: "months-block" },
            el(
              "h4",
              { id: "months-title" },
              chosen.year,
              " ",
              dual(chosen.pillar, zchosen.pillar, "pillar-name", true),
              " ",
              heading("months"),
            ),
            el(
              "div",
              { class: "scroll" },
              el(
                "table",
                { id: "months", class: "months", "aria-labelledby": "months-title" },
                cols(["jie", "start", "pillar", "ten_god"]),
                el("tbody", {}, months),
              ),
            ),
          )
        : null,
    );
  }

  function chooseYear(year) {
    const choices = yearChoices();
    const y = Math.max(choices[0], Math.min(choices[choices.length - 1], year));
    if (y === state.year) return;
    state.year = y;
    refresh("years");
  }

  // 依据: each pillar's rule and nearest boundaries (fetched with explain=true when the
  // section is opened), the other schools' pillars, and how each star was found.
  function renderWhy() {
    const c = state.chart;
    const z = state.zh;
    const explanation = c.explanation;
    const boundary = (key, b) =>
      b
        ? el(
            "li",
            {},
            el("strong", {}, heading(key)[0]),
            " ",
            timeNode(b.local, { seconds: true }),
            " (" + (b.margin_seconds < 0 ? "−" : "+") + duration(b.margin_seconds) + ") → ",
            hanzi(b.other, "other"),
          )
        : null;
    const pillars = explanation
      ? el(
          "dl",
          { id: "explanation", class: "explanation" },
          POSITIONS.map((p) => {
            const e = explanation.pillars[p];
            return [
              el("dt", {}, heading(p), " ", hanzi(c.pillars[p] || e.value, "value")),
              el(
                "dd",
                {},
                el("p", { class: "rule" }, e.rule),
                el(
                  "ul",
                  { class: "boundaries" },
                  boundary("prev_boundary", e.previous_boundary),
                  boundary("next_boundary", e.next_boundary),
                ),
              ),
            ];
          }),
        )
      : el("p", { id: "explanation", class: "muted" }, word("why_hint"));
    const alternatives = explanation
      ? el(
          "div",
          { id: "alternatives" },
          el("h4", {}, heading("alternatives")),
          explanation.alternatives.length
            ? el(
                "ul",
                {},
                explanation.alternatives.map((a) =>
                  el("li", {}, a.name, ": ", hanzi(a.pillars, "other")),
                ),
              )
            : el("p", { class: "muted" }, word("no_alternatives")),
        )
      : null;
    // Why each star is where it is: with the explanation (explain=true), in both languages
    // when the Chinese companion chart was asked for with it.
    const stars = (explanation && explanation.stars) || [];
    const zstars = (z.explanation && z.explanation.stars) || stars;
    const starRules = stars.length
      ? el(
          "div",
          { id: "star-rules" },
          el("h4", {}, heading("star_rules")),
          el(
            "div",
            { class: "scroll" },
            el(
              "table",
              { class: "star-rules" },
              el(
                "thead",
                {},
                el(
                  "tr",
                  {},
                  ["star", "position", "basis", "source"].map((k) =>
                    el("th", { scope: "col" }, heading(k)),
                  ),
                ),
              ),
              el(
                "tbody",
                {},
                stars.map((s, i) =>
                  el(
                    "tr",
                    {},
                    el("td", { class: "star" }, dual(s.star, (zstars[i] || s).star)),
                    el(
                      "td",
                      { class: "position" },
                      HEADINGS[s.position] ? HEADINGS[s.position][slot(state.lang)] : s.position,
                    ),
                    el(
                      "td",
                      { class: "basis" },
                      dual(s.basis, zstars[i].basis),
                      " ",
                      hanzi(s.key, "key"),
                    ),
                    el(
                      "td",
                      { class: "source", lang: "zh-Hans" },
                      s.source,
                      el("span", { class: "rule" }, s.rule),
                    ),
                  ),
                ),
              ),
            ),
          ),
        )
      : null;
    return el(
      "details",
      { id: "why", class: "block why", open: state.explain },
      el("summary", { id: "why-summary" }, el("h3", { id: "why-title" }, heading("why"))),
      pillars,
      alternatives,
      starRules,
    );
  }

  function renderMoment() {
    const c = state.chart;
    const local = c.local || {};
    const byName = Object.fromEntries(state.options.map((o) => [o.name, o]));
    const reckoning = byName.solar_time
      ? choiceName(byName.solar_time, local.reckoning)
      : local.reckoning;
    const rows = [
      [
        "clock_time",
        [
          localTime(local.wall_time, { seconds: true, offset: false }),
          " UTC" + show(local.utc_offset) + " " + show(local.zone),
          local.dst && local.dst !== "+00:00" ? " (" + word("dst") + " " + local.dst + ")" : "",
        ],
      ],
      [
        "solar_time",
        local.apparent_solar_time
          ? localTime(local.apparent_solar_time, { seconds: true, offset: false })
          : word("unknown_solar"),
      ],
      [
        "reckoned",
        localTime(local.reckoned_time, { seconds: true, offset: false }) + " (" + reckoning + ")",
      ],
      [
        "place",
        c.place
          ? c.place.label +
            " (" +
            c.place.latitude +
            ", " +
            c.place.longitude +
            "; " +
            c.place.timezone +
            ")"
          : "—",
      ],
      ["lunar", c.lunar_date ? c.lunar_date.hanzi : "—"],
      [
        "month_jie",
        c.month_jie
          ? [termName(c.month_jie), " ", timeNode(c.month_jie.local, { seconds: true })]
          : "—",
      ],
      [
        "next_jie",
        c.next_jie
          ? [termName(c.next_jie), " ", timeNode(c.next_jie.local, { seconds: true })]
          : "—",
      ],
      ["instant", el("span", { id: "instant" }, c.instant_utc)],
    ];
    const conventions = Object.entries(c.options || {})
      .filter(([, v]) => v !== null)
      .map(([k, v]) =>
        byName[k] ? optionLabel(byName[k]) + ": " + choiceName(byName[k], v) : k + ": " + v,
      );
    const versions = Object.entries(c.data_versions || {}).map(([k, v]) => k + " " + v);
    return section(
      "moment",
      "moment",
      el(
        "dl",
        { class: "moment" },
        rows.map(([k, v]) => [el("dt", {}, heading(k)), el("dd", {}, v)]),
        el("dt", {}, heading("conventions")),
        el("dd", { id: "conventions" }, conventions.join(" · ")),
        el("dt", {}, heading("versions")),
        el("dd", {}, el("code", { id: "versions" }, versions.join(" · "))),
      ),
    );
  }

  // ---- checking a chart someone gave: POST v1/check against the birth charted ----

  async function submitCheck(event) {
    event.preventDefault();
    const box = $("check-errors");
    const claim = $("claim").value.trim();
    if (!claim) {
      showErrors(box, [{ loc: ["claim"], msg: word("need_claim") }], word("please_check"));
      return;
    }
    // The check takes the input and pillar-school options; reading ones do not change pillars.
    const body = { claim };
    const checked = new Set(state.options.filter((o) => o.group !== "reading").map((o) => o.name));
    for (const [k, v] of new URLSearchParams(state.birth)) {
      if (k === "datetime" || k === "tz" || checked.has(k)) body[k] = v;
    }
    $("check-status").textContent = word("checking");
    let answer;
    try {
      answer = await api("v1/check", { method: "POST", body: JSON.stringify(body) });
    } catch (error) {
      answer = { ok: false, status: 0, body: { detail: [{ loc: [], msg: word("unreachable") }] } };
    }
    $("check-status").textContent = "";
    if (!answer.ok) {
      state.check = null;
      renderCheck();
      showErrors(box, problemsOf(answer), word("please_check"));
      return;
    }
    clearErrors(box);
    state.check = answer.body;
    renderCheck();
  }

  function renderCheck() {
    const out = $("check-result");
    const k = state.check;
    if (!k) {
      out.replaceChildren();
      return;
    }
    const positions = POSITIONS.filter((p) => k.pillars[p]);
    out.replaceChildren(
      ...[
        el(
          "p",
          { id: "check-verdict", class: "verdict verdict-" + k.verdict },
          el("strong", {}, word("verdict_" + k.verdict)),
          " ",
          el("span", { class: "summary" }, k.summary),
        ),
        el(
          "p",
          { class: "muted" },
          word("read_as") + " ",
          hanzi(Object.values(k.claim.pillars).join(" ")),
        ),
        el(
          "div",
          { class: "scroll" },
          el(
            "table",
            { id: "check-table", class: "check-table" },
            el(
              "thead",
              {},
              el(
                "tr",
                {},
                el("td", { class: "corner" }),
                ["claimed", "right", "verdict", "reason"].map((key) =>
                  el("th", { scope: "col" }, heading(key)),
                ),
              ),
            ),
            el(
              "tbody",
              {},
              positions.map((p) => {
                const v = k.pillars[p];
                return el(
                  "tr",
                  { "data-pillar": p, class: "verdict-" + v.verdict },
                  el("th", { scope: "row" }, heading(p)),
                  el("td", {}, hanzi(v.claimed, "claimed")),
                  el("td", {}, hanzi(v.right, "right")),
                  el("td", { class: "verdict" }, word("pillar_" + v.verdict)),
                  el("td", { class: "reason" }, v.reason),
                );
              }),
            ),
          ),
        ),
        k.diagnosis.length
          ? el(
              "div",
              { id: "check-diagnosis" },
              el("h4", {}, heading("diagnosis")),
              el(
                "ol",
                {},
                k.diagnosis.map((d) =>
                  el(
                    "li",
                    { "data-id": d.id },
                    el(
                      "strong",
                      {},
                      el("span", { lang: "zh-Hans" }, d.title_zh),
                      " ",
                      el("span", { lang: "en" }, d.title),
                    ),
                    ": ",
                    d.detail,
                    d.pillars ? [" → ", hanzi(d.pillars)] : null,
                    d.whole_claim ? el("span", { class: "tag" }, word("whole_claim")) : null,
                  ),
                ),
              ),
            )
          : null,
        k.matches.length
          ? el(
              "div",
              { id: "check-matches" },
              el("h4", {}, heading("matches")),
              el(
                "ul",
                {},
                k.matches.map((m) =>
                  el(
                    "li",
                    {},
                    timeNode(m.start),
                    " – ",
                    timeNode(m.end),
                    ": ",
                    hanzi(m.pillars),
                    " (" + m.days_from_birth + ")",
                  ),
                ),
              ),
            )
          : null,
      ].filter(Boolean),
    );
  }

  // ---- events ----

  function submit(event) {
    event.preventDefault();
    const { params, problems } = readForm();
    if (problems.length) {
      showErrors(errorsBox, problems, word("please_check"));
      return;
    }
    const changed = !state.birth || state.birth.toString() !== params.toString();
    state.birth = params;
    if (changed) {
      state.check = null;
      clearErrors($("check-errors"));
    }
    chartBirth({ push: changed, scroll: true });
  }

  function setLang(lang) {
    if (lang === state.lang) return;
    state.lang = lang;
    applyWords();
    if (state.chart) chartBirth({ push: false, scroll: false });
    else writeAddress(false);
    if (!errorsBox.hidden) clearErrors(errorsBox);
  }

  // What the address says: the language, the year, and the birth to chart.
  function readAddress() {
    const query = new URLSearchParams(location.search);
    const lang = query.get("lang");
    state.lang = state.langs.includes(lang) ? lang : "zh";
    const year = Number(query.get("years"));
    state.year =
      Number.isInteger(year) && year >= FIRST_YEAR && year <= LAST_YEAR
        ? year
        : new Date().getFullYear();
    state.explain = query.get("explain") === "true";
    applyWords();
    fillForm(query);
    if (!query.get("datetime")) {
      state.birth = null;
      state.chart = null;
      result.hidden = true;
      return;
    }
    const { params } = readForm();
    state.birth = params;
    chartBirth({ push: false, scroll: true });
  }

  function listen() {
    form.addEventListener("submit", submit);
    form.addEventListener("change", (event) => {
      if (event.target.id === "calendar") syncCalendar();
    });
    $("langs").addEventListener("click", (event) => {
      const button = event.target.closest("button[data-lang]");
      if (button) setLang(button.dataset.lang);
    });
    $("check-form").addEventListener("submit", submitCheck);
    // The result is drawn anew; its controls are reached through the container.
    resultBody.addEventListener("change", (event) => {
      if (event.target.id === "year-select") chooseYear(Number(event.target.value));
    });
    resultBody.addEventListener("click", (event) => {
      const button = event.target.closest("button");
      if (!button) return;
      if (button.id === "year-prev") chooseYear(state.year - 1);
      else if (button.id === "year-next") chooseYear(state.year + 1);
      else if (button.dataset.year) chooseYear(Number(button.dataset.year));
    });
    // "toggle" does not bubble: caught on the way down.
    resultBody.addEventListener(
      "toggle",
      (event) => {
        if (event.target.id !== "why") return;
        state.explain = event.target.open;
        if (state.explain && !state.chart.explanation) refresh("why");
        else writeAddress(false);
      },
      true,
    );
    window.addEventListener("popstate", readAddress);
  }

  loadOptions().then(
    () => {
      listen();
      readAddress();
      form.setAttribute("data-ready", "true");
    },
    (error) => {
      applyWords();
      showErrors(errorsBox, [{ loc: [], msg: error.message }], word("cannot_start"));
    },
  );
})();
