// textback dashboard: live inbox and thread, template preview. Plain JS; every text from the
// server goes in with textContent, never as HTML.
(function () {
  "use strict";
  var POLL_MS = 4000;
  var KNOWN = { urgency: ["emergency", "soon", "flexible", "unknown"] };

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  function poll(url, onData, every) {
    var last = "";
    function tick() {
      if (document.hidden) return;
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.text() : Promise.reject(r.status); })
        .then(function (text) { if (text !== last) { last = text; onData(JSON.parse(text)); } })
        .catch(function () {});
    }
    setInterval(tick, every || POLL_MS);
    document.addEventListener("visibilitychange", tick);
  }

  // Live updates change rows in place, by id: a focused link stays where it is, and the
  // status line says only what is new ("1 new message"); nothing is new on the first poll,
  // since what the page was drawn with is the baseline.
  function announce(count) {
    var status = document.getElementById("live-status");
    if (status && count) status.textContent = count + (count === 1 ? " new message" : " new messages");
  }

  function placeRows(list, rows) {
    rows.forEach(function (row, i) {
      if (list.children[i] !== row) list.insertBefore(row, list.children[i] || null);
    });
    while (list.children.length > rows.length) list.removeChild(list.lastChild);
  }

  // -- inbox --
  function inboxRow(c) {
    var li = el("li", "conv" + (c.unread ? " unread" : "") + (c.priority ? " needs-me" : ""));
    li.dataset.id = c.id;
    var a = el("a");
    a.href = c.url;
    a.appendChild(el("span", "dot")).setAttribute("aria-hidden", "true");
    var name = el("span", "name");
    if (c.unread) name.appendChild(el("span", "sr", "Unread: "));
    name.appendChild(document.createTextNode(c.name));
    a.appendChild(name);
    a.appendChild(el("time", "", c.when));
    a.appendChild(el("span", "preview", c.preview));
    var badges = el("span", "badges");
    if (c.priority) badges.appendChild(el("span", "badge flag", c.priority));
    if (c.urgency !== "unknown") {
      var urgency = el("span", "badge", c.urgency_label);
      if (KNOWN.urgency.indexOf(c.urgency) >= 0) urgency.classList.add(c.urgency);
      badges.appendChild(urgency);
    }
    if (c.status !== "partial") badges.appendChild(el("span", "badge", c.status_label));
    if (c.outcome) badges.appendChild(el("span", "badge", c.outcome_label));
    a.appendChild(badges);
    li.appendChild(a);
    return li;
  }

  function rowKey(c) {
    return [c.name, c.when, c.preview, c.unread, c.priority, c.urgency, c.status, c.outcome].join("\u0000");
  }

  var inbox = document.getElementById("inbox");
  if (inbox && inbox.dataset.poll) {
    var lastAt = {};  // conversation id -> its last message's time, as last seen
    var first = true;
    poll(inbox.dataset.poll, function (data) {
      var existing = {};
      Array.prototype.forEach.call(inbox.children, function (li) { existing[li.dataset.id] = li; });
      var fresh = 0;
      var rows = data.conversations.map(function (c) {
        if (!first && lastAt[c.id] !== c.last_at) fresh += 1;
        lastAt[c.id] = c.last_at;
        var li = existing[c.id];
        var key = rowKey(c);
        if (li && (first && !li.dataset.key || li.dataset.key === key)) {  // as drawn: keep it
          li.dataset.key = key;
          return li;
        }
        var made = inboxRow(c);
        made.dataset.key = key;
        if (li) {  // changed: new contents, same element (keeps its place and the focus)
          var focused = li.contains(document.activeElement);
          li.className = made.className;
          li.replaceChildren.apply(li, Array.prototype.slice.call(made.childNodes));
          li.dataset.key = key;
          if (focused) li.querySelector("a").focus();
          return li;
        }
        return made;
      });
      placeRows(inbox, rows);
      first = false;
      announce(fresh);
      var empty = document.getElementById("inbox-empty");
      if (empty) empty.hidden = rows.length > 0;
      inbox.hidden = rows.length === 0;
      var unread = data.conversations.filter(function (c) { return c.unread; }).length;
      document.title = (unread ? "(" + unread + ") " : "") + document.title.replace(/^\(\d+\) /, "");
      showUnread(data.unread, data.unread_label);
    });
  }

  // -- the nav's unread count (the whole business's, not just this page's) --
  function showUnread(count, label) {
    var badge = document.getElementById("unread-count");
    if (!badge || count === undefined) return;
    badge.hidden = !count;
    badge.replaceChildren(el("span", "sr", ", "), document.createTextNode(label), el("span", "sr", " unread"));
  }

  // -- getting started: the browser's time zone, and the live check of the test call --
  var zone = document.querySelector("input[data-guess-zone]");
  if (zone && !zone.closest("form").querySelector(".errorlist")) {
    try {
      var guessed = Intl.DateTimeFormat().resolvedOptions().timeZone;
      if (guessed && guessed.indexOf("/") > 0) zone.value = guessed;
    } catch (e) { /* keep the default */ }
  }

  var check = document.getElementById("live-check");
  if (check && check.dataset.poll) {
    poll(check.dataset.poll, function (data) {
      check.className = check.className.replace(/\bstate-\S+/, "state-" + data.state);
      check.querySelector(".check-title").textContent = data.title;
      check.querySelector(".check-detail").textContent = data.detail;
      var text = check.querySelector(".check-text");
      text.textContent = data.text || "";
      text.hidden = !data.text;
    }, 1500);
  }

  // -- one conversation --
  function messageItem(m) {
    var li = el("li", "msg " + (m.kind === "notification" ? "notification" : m.direction));
    li.dataset.id = m.id;
    li.appendChild(el("div", "bubble", m.body || (m.media.length ? "(picture)" : "")));
    var meta = el("div", "meta");
    meta.appendChild(document.createTextNode(m.who + " · " + m.when));
    if (m.status) {
      meta.appendChild(document.createTextNode(" · "));
      meta.appendChild(el("span", m.failed ? "failed" : "", m.status + (m.error ? ": " + m.error : "")));
    }
    if (m.opt_out) meta.appendChild(document.createTextNode(" · opted out"));
    li.appendChild(meta);
    return li;
  }

  var transcript = document.getElementById("transcript");
  if (transcript && transcript.dataset.poll) {
    var known = {};
    Array.prototype.forEach.call(transcript.querySelectorAll("li[data-id]"), function (li) { known[li.dataset.id] = true; });
    poll(transcript.dataset.poll, function (data) {
      var atBottom = window.innerHeight + window.scrollY >= document.body.scrollHeight - 40;
      var existing = {};
      Array.prototype.forEach.call(transcript.querySelectorAll("li[data-id]"), function (li) { existing[li.dataset.id] = li; });
      var fresh = 0;
      var rows = data.messages.map(function (m) {
        var made = messageItem(m);
        var li = existing[m.id];
        if (!known[m.id]) fresh += 1;
        known[m.id] = true;
        if (li) {
          if (li.textContent !== made.textContent) li.replaceChildren.apply(li, Array.prototype.slice.call(made.childNodes));
          return li;
        }
        return made;
      });
      if (!rows.length) return;
      placeRows(transcript, rows);
      announce(fresh);
      if (atBottom && fresh) window.scrollTo(0, document.body.scrollHeight);
    });
  }

  // A thread opens at its newest message, the reply box in reach (unless a link says where).
  var reply = document.getElementById("reply");
  if (reply && !location.hash) reply.scrollIntoView({ block: "end" });
  // The lead card is folded on a phone, open where there is room.
  var lead = document.querySelector("details[data-open-wide]");
  if (lead && window.matchMedia("(min-width: 760px)").matches) lead.open = true;

  // After Send, Booked, Save...: the confirmation, where the owner acted, takes the focus.
  var done = document.querySelector("[data-focus-me]");
  if (done) done.focus();

  // The counter shows the length; only crossing a limit is announced, not every keystroke.
  var counter = document.getElementById("reply-count");
  var replyBox = document.getElementById("reply-body");
  var limitNote = document.getElementById("reply-limit");
  if (counter && replyBox) {
    var max = parseInt(replyBox.getAttribute("maxlength"), 10) || 0;
    var warned = "";
    replyBox.addEventListener("input", function () {
      var length = replyBox.value.length;
      counter.textContent = length + " characters";
      var state = max && length >= max ? "full" : max && length >= max - 20 ? "near" : "";
      if (state !== warned && limitNote) {
        limitNote.textContent = state === "full" ? "The text is at its limit, " + max + " characters." :
          state === "near" ? (max - length) + " characters left." : "";
      }
      warned = state;
    });
  }

  // The hours page: a closed day's times are disabled (not just greyed), enabled when ticked.
  document.querySelectorAll("fieldset.week .day").forEach(function (day) {
    var open = day.querySelector("input[type=checkbox]");
    if (!open) return;
    var sync = function () {
      day.querySelectorAll("input[type=time]").forEach(function (time) { time.disabled = !open.checked; });
    };
    open.addEventListener("change", sync);
    sync();
  });
  var week = document.querySelector("fieldset.week");
  if (week) {  // disabled inputs are not sent: enable them all just before saving
    week.closest("form").addEventListener("submit", function () {
      week.querySelectorAll("input[type=time]").forEach(function (time) { time.disabled = false; });
    });
  }

  // -- template preview --
  var form = document.getElementById("templates-form");
  if (form && form.dataset.previewUrl) {
    var token = form.querySelector("input[name=csrfmiddlewaretoken]").value;
    var askPreview = function (area, tries) {
      var body = new FormData();
      body.append("field", area.dataset.preview);
      body.append("template", area.value);
      fetch(form.dataset.previewUrl, {
        method: "POST", body: body, credentials: "same-origin", headers: { "X-CSRFToken": token },
      })
        .then(function (r) { if (!r.ok) throw new Error("preview: " + r.status); return r.json(); })
        .then(function (p) { showPreview(area.dataset.preview, p); })
        // A busy or restarting server (503): ask again shortly, a few times; saving still works.
        .catch(function () { if (tries > 1) setTimeout(function () { askPreview(area, tries - 1); }, 1000); });
    };
    form.querySelectorAll("textarea[data-preview]").forEach(function (area) {
      var timer = null;
      area.addEventListener("input", function () {
        clearTimeout(timer);
        timer = setTimeout(function () { askPreview(area, 3); }, 250);
      });
      // Typed into before this script ran (a slow phone): the preview catches up at once.
      if (area.value !== area.defaultValue) askPreview(area, 3);
    });
  }

  function showPreview(field, p) {
    var box = document.getElementById("preview-" + field);
    if (!box) return;
    box.querySelector(".preview-box").textContent = p.error ? "" : p.text;
    box.querySelector(".preview-error").textContent = p.error;
    box.querySelector(".preview-cost").textContent = p.error ? "" :
      p.length + " characters · " + p.segments + " segment" + (p.segments === 1 ? "" : "s") + " · " + p.encoding;
    var dropped = box.querySelector(".preview-dropped");
    dropped.textContent = p.dropped || "";
    dropped.hidden = !p.dropped;
    var warn = box.querySelector(".preview-ucs2");
    warn.hidden = !p.ucs2.length;
    warn.querySelector(".chars").textContent = p.ucs2.join(" ");
  }
})();
