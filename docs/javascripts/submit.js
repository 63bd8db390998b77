/* The form for school staff (/submit/): a story or a key date, checked as it is typed, turned
   into the YAML that `python -m generator check` accepts, and handed to GitHub's own pages.

   Every rule a JSON Schema can say comes from the schemas the build publishes (/schemas/*.json,
   generated from the same models that `check` uses), run by the bundled ajv. The rest comes from
   form-data.json, which the build writes from the site's settings, schools and events: limits
   for the counters, school names, tags, categories, audiences, results days and the event ids
   already taken. Nothing leaves this computer until the person follows a link to GitHub. */
(function () {
  "use strict";
  var root = document.getElementById("psn-submit");
  if (!root || !window.PsnAjv) return;
  var $ = function (id) { return document.getElementById(id); };
  var SAFE_URL_LENGTH = 8000;  // GitHub and browsers handle longer, but not every proxy does
  var data, validateStory, validateEvent;

  // ---- loading

  function fetchJson(url) {
    return fetch(url, { credentials: "same-origin" }).then(function (response) {
      if (!response.ok) throw new Error(url + " answered " + response.status);
      return response.json();
    });
  }

  Promise.all([
    fetchJson(root.getAttribute("data-form-data")),
    fetchJson(root.getAttribute("data-schemas") + "story.schema.json"),
    fetchJson(root.getAttribute("data-schemas") + "events.schema.json"),
  ]).then(function (loaded) {
    data = loaded[0];
    var ajv = new window.PsnAjv.Ajv2020({ allErrors: true, verbose: true, strictTypes: false });
    window.PsnAjv.addFormats(ajv);
    validateStory = ajv.compile(loaded[1]);
    ajv.addSchema(loaded[2]);
    validateEvent = ajv.getSchema(loaded[2].$id + "#/$defs/Event");
    setUp();
  }).catch(function (error) {
    $("psn-load-status").textContent = "The form could not start (" + error.message + "). Reload the page to try again.";
  });

  // ---- text as `check` reads it

  function chars(text) { return Array.from(text).length; }  // characters, as Python counts them
  function line(text) { return text.trim(); }
  function prose(text) { return text.split(/\s+/).filter(Boolean).join(" "); }
  function markdown(text) { return text.replace(/\r\n?/g, "\n").replace(/\s+$/, "").replace(/^\n+/, ""); }

  function slugify(text) {
    return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
  }

  function shortSlug(text, most) {
    var slug = slugify(text);
    if (slug.length <= most) return slug;
    var cut = slug.slice(0, most + 1);
    return (cut.lastIndexOf("-") > 10 ? cut.slice(0, cut.lastIndexOf("-")) : slug.slice(0, most)).replace(/-+$/, "");
  }

  // ---- YAML: strings as JSON-style double-quoted scalars (valid YAML whatever they hold)

  function quote(text) {
    return JSON.stringify(text).replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029")
      .replace(/\u0085/g, "\\u0085").replace(/\ufeff/g, "\\ufeff");
  }

  function block(text, indent) {
    // A literal block reads best on GitHub; anything a block cannot hold exactly goes in quotes.
    var safe = text && !/^[ \n]/.test(text) && !/[\t\r\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u0085\u2028\u2029\ufeff]/.test(text);
    if (!safe) return quote(text);
    return "|-\n" + text.split("\n").map(function (part) { return part ? indent + part : ""; }).join("\n");
  }

  // An id, tag or date written plain, unless YAML 1.1 would read it as something else (no, on, 2027).
  function plain(text) {
    return /^[a-z0-9][a-z0-9.-]*$/.test(text) && !/^(y|n|yes|no|on|off|true|false|null)$/.test(text) && !/^[0-9.]+$/.test(text)
      ? text : quote(text);
  }

  function list(items) { return "[" + items.map(plain).join(", ") + "]"; }

  // ---- shared pieces

  function setUp() {
    fillSelect($("story-school"), data.schools, "name");
    fillSelect($("event-school"), data.schools, "name");
    fillSelect($("event-category"), data.categories, "label");
    fillSelect($("story-results-day"), data.results.days.map(function (day) {
      return { id: day.id, label: day.title + ", " + new Date(day.date + "T12:00:00Z").toLocaleDateString("en-GB", { weekday: "long", day: "numeric", month: "long", year: "numeric", timeZone: "UTC" }) };
    }), "label");
    fillChecks($("story-tags-list"), "story-tag", data.tags);
    fillChecks($("event-audience-list"), "event-audience", data.audiences);
    document.querySelectorAll(".psn-release").forEach(function (el) { el.textContent = data.results.release_time; });
    document.querySelectorAll(".psn-photo-side").forEach(function (el) { el.textContent = data.limits.photo_side; });
    var counted = { "story-title": "title", "story-summary-text": "summary", "story-alt": "alt", "event-title": "title", "event-description": "description" };
    Object.keys(counted).forEach(function (id) { $(id).setAttribute("data-limit", data.limits[counted[id]]); count(id); });
    story.setUp();
    keyDate.setUp();
    if (data.repository) {
      $("psn-guide-link").href = "https://github.com/" + data.repository + "/blob/" + data.branch + "/CONTRIBUTING.md";
      $("psn-guide").hidden = false;
    }
    var mode = $("psn-mode");
    mode.disabled = false;
    mode.addEventListener("change", showMode);
    if (location.hash === "#event") $("mode-event").checked = true;
    showMode();
  }

  function showMode() {
    var isEvent = $("mode-event").checked;
    $("story-form").hidden = isEvent;
    $("event-form").hidden = !isEvent;
    $("story-result").hidden = isEvent || !story.shown;
    $("event-result").hidden = !isEvent || !keyDate.shown;
  }

  function fillSelect(select, items, labelKey) {
    items.forEach(function (item) {
      var option = document.createElement("option");
      option.value = item.id;
      option.textContent = item[labelKey];
      select.appendChild(option);
    });
  }

  function fillChecks(box, prefix, items) {
    items.forEach(function (item) {
      var wrap = document.createElement("div");
      var input = document.createElement("input");
      var label = document.createElement("label");
      input.type = "checkbox";
      input.id = prefix + "-" + item.id;
      input.value = item.id;
      label.htmlFor = input.id;
      label.textContent = item.label;
      wrap.append(input, label);
      box.appendChild(wrap);
    });
  }

  function checked(box) {
    return Array.from(box.querySelectorAll("input:checked")).map(function (input) { return input.value; });
  }

  function count(id) {
    var input = $(id), out = $(id + "-count"), limit = Number(input.getAttribute("data-limit"));
    var text = id === "story-summary-text" ? prose(input.value) : id === "event-description" ? markdown(input.value) : line(input.value);
    var used = chars(text);
    out.textContent = used > limit
      ? used + " of " + limit + " characters: " + (used - limit) + " too many"
      : used + " of " + limit + " characters";
    out.classList.toggle("psn-over", used > limit);
  }

  /* ajv's errors, one per field, in words for a person. `fields` maps an instance path to
     [the input's id, what the field is called, what to say when its form is wrong]. */
  function schemaProblems(errors, fields) {
    var found = {}, order = [];
    (errors || []).forEach(function (error) {
      // An optional field's "or nothing" branch, and anyOf's own summary, say nothing a person can use.
      if (error.keyword === "anyOf" || (error.keyword === "type" && error.params.type === "null")) return;
      var path = error.instancePath;
      if (error.keyword === "required") path += "/" + error.params.missingProperty;
      var key = Object.keys(fields).filter(function (prefix) { return path === prefix || path.indexOf(prefix + "/") === 0; })[0];
      var field = fields[key] || [null, "the form"], id = field[0] || "form";
      var text = describe(error, field[1], field[2]);
      // anyOf branches each report: keep the most telling (a length beats "not null").
      if (!found[id]) order.push(id);
      if (!found[id] || error.keyword === "maxLength") found[id] = { id: field[0], text: text };
    });
    return order.map(function (id) { return found[id]; });
  }

  function describe(error, name, badForm) {
    var Name = name.charAt(0).toUpperCase() + name.slice(1);
    switch (error.keyword) {
      case "required": case "minLength": return "Enter " + name;
      case "maxLength": return Name + " is over the limit of " + error.params.limit + " characters: shorten it";
      case "format": case "pattern": return error.data === "" ? "Enter " + name : badForm || "Enter " + name + " in full";
      case "enum": return "Choose " + name + " from the list";
      case "const": return Name + " must be confirmed";
      case "type": return "Enter " + name;
      default: return Name + ": " + error.message;
    }
  }

  /* Shows each problem beside its field (only fields the person has used, until they press the
     button) and, after the button, in a summary at the top. */
  function show(form, problems, touched, all) {
    var byId = {};
    problems.forEach(function (p) { if (p.id && !byId[p.id]) byId[p.id] = p.text; });
    form.querySelectorAll(".psn-error").forEach(function (out) {
      var id = out.id.replace(/-error$/, "");
      var text = (all || touched[id]) ? byId[id] : "";
      out.textContent = text || "";
      out.hidden = !text;
      var input = $(id);
      if (input && /^(INPUT|SELECT|TEXTAREA)$/.test(input.tagName)) {
        if (text) input.setAttribute("aria-invalid", "true"); else input.removeAttribute("aria-invalid");
      }
    });
    problems.sort(function (a, b) {  // in the order of the form, not of the schema
      var x = $(a.id), y = $(b.id);
      return x && y && x !== y ? (x.compareDocumentPosition(y) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1) : 0;
    });
    var summary = form.querySelector(".psn-error-summary"), listed = summary.querySelector("ul");
    if (all) {
      listed.textContent = "";
      problems.forEach(function (p) {
        var item = document.createElement("li"), link = document.createElement("a");
        link.href = "#" + (p.id || form.id);
        link.textContent = p.text;
        link.addEventListener("click", function (e) { e.preventDefault(); var el = $(p.id); if (el) el.focus(); });
        item.appendChild(link);
        listed.appendChild(item);
      });
      summary.hidden = problems.length === 0;
    } else if (!summary.hidden && problems.length === 0) {
      summary.hidden = true;
    }
  }

  function copyText(text, status) {
    var done = function () { status.textContent = "Copied. Now paste it on GitHub."; };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done, function () { status.textContent = "Select the text below and copy it."; });
    } else {
      status.textContent = "Select the text below and copy it (Ctrl+C, or Cmd+C on a Mac).";
    }
  }

  function github(kind, path) {
    var branch = data.branch.split("/").map(encodeURIComponent).join("/");
    return "https://github.com/" + data.repository + "/" + kind + "/" + branch + "/" + path;
  }

  function watch(form, handler) {
    form.addEventListener("input", handler);
    form.addEventListener("change", handler);
  }

  // ---- a story

  // Both modes (a story, a key date) check and show their result the same way.
  function updateMode(mode, formId) {
    var record = mode.values(), problems = mode.problems(record);
    show($(formId), problems, mode.touched, mode.all);
    if (mode.shown) mode.render(record, problems);
    return { record: record, problems: problems };
  }

  function prepareMode(mode, prefix) {
    mode.all = true;
    var result = mode.update();
    if (result.problems.length) {
      $(prefix + "-summary").focus();
      return;
    }
    mode.shown = true;
    mode.render(result.record, result.problems);
    $(prefix + "-result-heading").focus();
  }

  var story = {
    shown: false, all: false, touched: {}, photo: null, photoUrl: null,

    setUp: function () {
      var form = $("story-form");
      watch(form, function (e) {
        if (e.target.id === "story-photo") return;
        story.touched[fieldOf(e.target)] = true;
        if (e.target.getAttribute("data-limit")) count(e.target.id);
        story.update();
      });
      form.addEventListener("submit", function (e) { e.preventDefault(); story.prepare(); });
      $("story-photo").addEventListener("change", function () { story.choosePhoto(); });
      $("story-photo-remove").addEventListener("click", function () {
        $("story-photo").value = "";
        story.setPhoto(null);
        $("story-photo").focus();
      });
      $("story-copy").addEventListener("click", function () { copyText($("story-yaml").value, $("story-copy-status")); });
      $("story-results-day").addEventListener("change", function () {
        var day = data.results.days.filter(function (d) { return d.id === $("story-results-day").value; })[0];
        if (day && !$("story-publish-date").value) {
          $("story-publish-date").value = day.date;
          $("story-publish-time").value = data.results.release_time;
        }
      });
      function fieldOf(target) {
        if (target.id.indexOf("story-tag-") === 0) return "story-tags";
        if (target.id === "story-publish-time") return "story-publish-date";
        return target.id;
      }
    },

    values: function () {
      var tags = checked($("story-tags-list"));
      var publishDate = $("story-publish-date").value, publishTime = $("story-publish-time").value;
      var record = {
        title: line($("story-title").value),
        date: $("story-date").value,
        school: $("story-school").value,
        summary: prose($("story-summary-text").value),
        body: markdown($("story-body").value),
      };
      var id = story.id(record);
      if (story.photo) record.image = { src: id + ".jpg", alt: line($("story-alt").value), consent: $("story-consent").checked };
      if (tags.length) record.tags = tags;
      if (tags.indexOf(data.results.tag) >= 0 && $("story-results-day").value) record.results_day = $("story-results-day").value;
      if (publishDate || publishTime) record.publish_at = publishDate + " " + publishTime;
      return record;
    },

    id: function (record) {
      return (record.date || "YYYY-MM-DD") + "-" + (shortSlug(record.title, 50) || "story");
    },

    problems: function (record) {
      validateStory(record);
      var problems = schemaProblems(validateStory.errors, {
        "/title": ["story-title", "a headline"], "/date": ["story-date", "the date of the story", "Enter the date of the story as a real date"],
        "/school": ["story-school", "your school"], "/summary": ["story-summary-text", "a summary"],
        "/body": ["story-body", "the story"], "/tags": ["story-tags", "the tags"],
        "/image/alt": ["story-alt", "a description of the photo"],
        "/image/consent": ["story-consent", "consent for the photo"], "/image": ["story-photo", "the photo"],
        "/publish_at": ["story-publish-date", "the date and time to publish"],
        "/results_day": ["story-results-day", "the results day"],
      });
      var limit = data.limits;
      [["story-title", record.title, limit.title, "The headline"], ["story-summary-text", record.summary, limit.summary, "The summary"],
       ["story-alt", record.image ? record.image.alt : "", limit.alt, "The description of the photo"]].forEach(function (f) {
        var over = chars(f[1]) - f[2];
        problems.forEach(function (p) {
          if (p.id === f[0] && over > 0) p.text = f[3] + " is " + chars(f[1]) + " characters, over the limit of " + f[2] + ": shorten it by " + over;
        });
      });
      if (record.image && !record.image.consent) replace(problems, "story-consent", "Tick the box to confirm consent is held for everyone in the photo, or remove the photo");
      var publishDate = $("story-publish-date").value, publishTime = $("story-publish-time").value;
      if ((publishDate || publishTime) && !(publishDate && publishTime)) replace(problems, "story-publish-date", "Give both a date and a time to publish, or neither");
      else if (record.publish_at && ukTimeProblem(record.publish_at)) replace(problems, "story-publish-date", ukTimeProblem(record.publish_at));
      // A results story names its results day and waits for the release time (JCQ rules).
      $("story-results").hidden = !(record.tags && record.tags.indexOf(data.results.tag) >= 0);
      if (!$("story-results").hidden) {
        var day = data.results.days.filter(function (d) { return d.id === record.results_day; })[0];
        if (!day) replace(problems, "story-results-day", "Choose the results day this story is about");
        else if (!record.publish_at || record.publish_at < day.date + " " + pad(data.results.release_time))
          replace(problems, "story-publish-date", "A results story may not be published before " + data.results.release_time + " on " + day.date + ": set the date and time to publish to then or later");
      }
      if (story.photoError) replace(problems, "story-photo", story.photoError);
      var bytes = new TextEncoder().encode(story.yaml(record)).length, most = data.limits.story_file_kb * 1024;
      if (bytes > most) replace(problems, "story-body", "The story is too long for one file (" + Math.ceil(bytes / 1024) + " KB, at most " + data.limits.story_file_kb + " KB): shorten it");
      return problems;
    },

    yaml: function (record) {
      var out = [data.schema_lines.story, "title: " + quote(record.title), "date: " + record.date, "school: " + plain(record.school),
        "summary: " + quote(record.summary), "body: " + block(record.body, "  ")];
      if (record.image) out.push("image:", "  src: " + record.image.src, "  alt: " + quote(record.image.alt), "  consent: true");
      if (record.tags) out.push("tags: " + list(record.tags));
      if (record.results_day) out.push("results_day: " + plain(record.results_day));
      if (record.publish_at) out.push("publish_at: " + record.publish_at);
      return out.join("\n") + "\n";
    },

    update: function () { return updateMode(story, "story-form"); },

    prepare: function () { prepareMode(story, "story"); },

    render: function (record, problems) {
      var section = $("story-result");
      section.hidden = problems.length > 0;
      if (problems.length) return;
      var id = story.id(record), name = id + ".yaml", text = story.yaml(record);
      $("story-file-name").textContent = "content/stories/" + name;
      $("story-yaml").value = text;
      var url = github("new", "content/stories") + "?filename=" + encodeURIComponent(name) + "&value=" + encodeURIComponent(text);
      var long = url.length > SAFE_URL_LENGTH || !data.repository;
      $("story-step-github").hidden = !data.repository;
      $("story-github").href = long ? github("new", "content/stories") + "?filename=" + encodeURIComponent(name) : url;
      $("story-github").textContent = long ? "Open GitHub's new-file page" : "Create the story on GitHub";
      $("story-step-paste").hidden = !long;
      $("story-step-photo").hidden = $("story-step-upload").hidden = !story.photo;
      if (story.photo) {
        $("story-download").href = story.photoUrl;
        $("story-download").setAttribute("download", record.image.src);
        document.querySelectorAll(".psn-photo-name").forEach(function (el) { el.textContent = record.image.src; });
      }
    },

    choosePhoto: function () {
      var file = $("story-photo").files[0];
      story.setPhoto(null);
      if (!file) return;
      $("story-photo-status").textContent = "Cleaning the photo…";
      if (file.size > data.limits.photo_mb * 4 * 1024 * 1024) {
        story.photoFailed("This file is very large (" + Math.round(file.size / 1048576) + " MB): choose a smaller photo");
        return;
      }
      cleanPhoto(file, data.limits.photo_side).then(function (clean) {
        if (clean.blob.size > data.limits.photo_mb * 1024 * 1024) {
          story.photoFailed("The photo is still over " + data.limits.photo_mb + " MB after cleaning: choose a smaller photo");
          return;
        }
        story.setPhoto(clean);
      }, function () {
        story.photoFailed("This photo could not be read. Choose a JPEG, PNG or WebP photo (on an iPhone, share it as JPEG first)");
      });
    },

    photoFailed: function (text) {
      story.photoError = text;
      story.touched["story-photo"] = true;
      $("story-photo-status").textContent = "";
      story.update();
    },

    setPhoto: function (clean) {
      if (story.photoUrl) URL.revokeObjectURL(story.photoUrl);
      story.photo = clean;
      story.photoError = "";
      story.photoUrl = clean ? URL.createObjectURL(clean.blob) : null;
      var preview = $("story-photo-preview");
      preview.textContent = "";
      if (clean) {
        var img = document.createElement("img");
        img.src = story.photoUrl;
        img.alt = "Preview of the cleaned photo";
        img.width = clean.width;
        img.height = clean.height;
        preview.appendChild(img);
        $("story-photo-status").textContent = "Ready: " + clean.width + " × " + clean.height + " pixels, " +
          Math.max(1, Math.round(clean.blob.size / 1024)) + " KB. Its location, camera details and other hidden data have been removed.";
      } else {
        $("story-photo-status").textContent = "";
      }
      $("story-photo-details").hidden = !clean;
      story.update();
    },
  };

  function replace(problems, id, text) {
    var found = problems.filter(function (p) { return p.id === id; })[0];
    if (found) found.text = text; else problems.push({ id: id, text: text });
  }

  function pad(clock) { return clock.length === 4 ? "0" + clock : clock; }

  /* The photo the right way up (its EXIF orientation applied), at most maxSide pixels on its long
     side, drawn on a canvas and saved as a new JPEG: only pixels survive, never EXIF (with GPS),
     XMP or comments. */
  function cleanPhoto(file, maxSide) {
    return createImageBitmap(file, { imageOrientation: "from-image" }).then(function (bitmap) {
      var scale = Math.min(1, maxSide / Math.max(bitmap.width, bitmap.height));
      var width = Math.max(1, Math.round(bitmap.width * scale)), height = Math.max(1, Math.round(bitmap.height * scale));
      var canvas = document.createElement("canvas");
      canvas.width = width;
      canvas.height = height;
      var context = canvas.getContext("2d");
      context.fillStyle = "#ffffff";  // a transparent PNG becomes a photo on white
      context.fillRect(0, 0, width, height);
      context.imageSmoothingQuality = "high";
      context.drawImage(bitmap, 0, 0, width, height);
      bitmap.close();
      return new Promise(function (resolve, reject) {
        canvas.toBlob(function (blob) {
          if (blob) resolve({ blob: blob, width: width, height: height }); else reject(new Error("not encoded"));
        }, "image/jpeg", 0.88);
      });
    });
  }

  // ---- a key date

  var keyDate = {
    shown: false, all: false, touched: {},

    setUp: function () {
      var form = $("event-form");
      watch(form, function (e) {
        var id = e.target.id;
        if (id.indexOf("event-audience-") === 0) id = "event-audience";
        if (id === "event-start-time") id = "event-start-date";
        if (id === "event-end-time") id = "event-end-date";
        keyDate.touched[id] = true;
        if (e.target.getAttribute("data-limit")) count(e.target.id);
        if (e.target.name === "event-timing") {
          document.querySelectorAll(".psn-timed").forEach(function (el) { el.hidden = !$("event-timed").checked; });
        }
        keyDate.update();
      });
      form.addEventListener("submit", function (e) { e.preventDefault(); keyDate.prepare(); });
      $("event-copy").addEventListener("click", function () { copyText($("event-yaml").value, $("event-copy-status")); });
    },

    values: function () {
      var timed = $("event-timed").checked;
      var startDate = $("event-start-date").value, endDate = $("event-end-date").value;
      var startTime = $("event-start-time").value, endTime = $("event-end-time").value;
      var record = { id: "", title: line($("event-title").value), start: timed ? startDate + " " + startTime : startDate };
      if (timed ? endTime : endDate) record.end = timed ? (endDate || startDate) + " " + endTime : endDate;
      record.category = $("event-category").value;
      record.schools = [$("event-school").value];
      var audience = checked($("event-audience-list"));
      if (audience.length) record.audience = audience;
      var location = line($("event-location").value), url = line($("event-url").value), description = markdown($("event-description").value);
      if (location) record.location = location;
      if (url) record.url = url;
      if (description) record.description = description;
      record.status = $("event-status").value;
      record.id = keyDate.id(record);
      return record;
    },

    /* A fresh id from the title and the year, never one that content/events.yaml already has. */
    id: function (record) {
      var year = (record.start || "").slice(0, 4), base = shortSlug(record.title, 60);
      if (!base || !/^\d{4}$/.test(year)) return "";
      if (!new RegExp("(^|-)" + year + "$").test(base)) base += "-" + year;
      var taken = data.event_ids, id = base, n = 2;
      while (taken.indexOf(id) >= 0) id = base + "-" + n++;
      return id;
    },

    problems: function (record) {
      validateEvent(record);
      var problems = schemaProblems(validateEvent.errors, {
        "/title": ["event-title", "the name of the event"], "/id": ["event-title", "the name of the event", "Give the event a name with letters or digits"],
        "/start": ["event-start-date", "the date it starts", "Enter the date (and time) it starts in full"],
        "/end": ["event-end-date", "when it ends", "Enter the date (and time) it ends in full"],
        "/category": ["event-category", "the kind of date"], "/schools": ["event-school", "your school"],
        "/audience": ["event-audience", "who it is for"], "/location": ["event-location", "where it is"],
        "/url": ["event-url", "the web page's address", "Enter the web page's address in full, starting https://"],
        "/description": ["event-description", "the description"], "/status": ["event-status", "whether it is confirmed"],
      });
      var over = chars(record.title) - data.limits.title;
      if (over > 0) replace(problems, "event-title", "The name is " + chars(record.title) + " characters, over the limit of " + data.limits.title + ": shorten it by " + over);
      var timed = $("event-timed").checked;
      if (timed && $("event-start-date").value && !$("event-start-time").value) replace(problems, "event-start-date", "Enter the time it starts, or choose All day");
      if (timed && $("event-end-date").value && !$("event-end-time").value) replace(problems, "event-end-date", "Enter the time it ends, or leave the end date empty");
      if (record.end && record.start && record.end < record.start && !problems.some(function (p) { return p.id === "event-end-date"; }))
        replace(problems, "event-end-date", "It ends before it starts: make the end the same as the start or later");
      ["start", "end"].forEach(function (key) {
        var problem = record[key] && timed ? ukTimeProblem(record[key]) : "";
        if (problem) replace(problems, "event-" + key + "-date", problem);
      });
      $("event-title-id").textContent = record.id ? "Its id will be " + record.id + " (it never changes once published)." : "";
      return problems;
    },

    yaml: function (record) {
      var out = ["- id: " + plain(record.id), "  title: " + quote(record.title), "  start: " + record.start];
      if (record.end) out.push("  end: " + record.end);
      out.push("  category: " + plain(record.category), "  schools: " + list(record.schools));
      if (record.audience) out.push("  audience: " + list(record.audience));
      if (record.location) out.push("  location: " + quote(record.location));
      if (record.url) out.push("  url: " + quote(record.url));
      if (record.description) out.push("  description: " + block(record.description, "    "));
      out.push("  status: " + record.status, "  sequence: 0");
      return out.join("\n") + "\n";
    },

    update: function () { return updateMode(keyDate, "event-form"); },

    prepare: function () { prepareMode(keyDate, "event"); },

    render: function (record, problems) {
      $("event-result").hidden = problems.length > 0;
      if (problems.length) return;
      $("event-id").textContent = record.id;
      $("event-yaml").value = keyDate.yaml(record);
      $("event-github").href = data.repository ? github("edit", "content/events.yaml") : "#event-result";
      $("event-github").hidden = !data.repository;
    },
  };

  /* A UK time that the clocks skip (01:30 on the last Sunday of March) or pass twice (01:30 on
     the last Sunday of October) is refused by `check`; say so here too. */
  function ukTimeProblem(text) {
    var m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2})$/.exec(text);
    if (!m) return "";
    var wanted = text, matches = 0;
    for (var offset = -2; offset <= 2; offset++) {
      var guess = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4] - offset, +m[5]));
      if (local(guess) === wanted) matches++;
    }
    if (matches === 0) return "The clocks go forward then, so " + m[4] + ":" + m[5] + " does not happen in the UK that day: choose another time";
    if (matches > 1) return "The clocks go back then, so " + m[4] + ":" + m[5] + " happens twice in the UK that day: choose another time";
    return "";
  }

  function local(date) {
    var parts = {};
    new Intl.DateTimeFormat("en-GB", { timeZone: data.time_zone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" })
      .formatToParts(date).forEach(function (p) { parts[p.type] = p.value; });
    return parts.year + "-" + parts.month + "-" + parts.day + " " + parts.hour + ":" + parts.minute;
  }
})();
