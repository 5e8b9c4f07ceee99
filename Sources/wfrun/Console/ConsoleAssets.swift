/// The console's stylesheet and script, served from the binary (no CDN, nothing inline: the
/// Content-Security-Policy allows scripts and styles from the console itself only).
enum ConsoleAssets {
    static let stylesheet = #"""
    :root { --ink:#1d2433; --muted:#5d6778; --line:#e3e7ee; --bg:#f6f7fa; --card:#fff; --accent:#2f5bd3;
      --ok:#1f8a4c; --ok-bg:#e3f4ea; --bad:#c23030; --bad-bg:#fbe7e7; --run:#2f5bd3; --run-bg:#e6edfc;
      --wait:#a5640a; --wait-bg:#fbf0dc; --off:#6b7280; --off-bg:#eef0f3; }
    * { box-sizing: border-box; }
    body { margin:0; font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif; color:var(--ink); background:var(--bg); }
    a { color:var(--accent); text-decoration:none; } a:hover { text-decoration:underline; }
    header.top { background:#1d2433; color:#fff; display:flex; align-items:center; gap:28px; padding:0 28px; height:54px; }
    header.top .brand { font-weight:700; letter-spacing:.02em; color:#fff; font-size:17px; }
    header.top nav a { color:#c9d2e3; margin-right:18px; padding:16px 0; border-bottom:3px solid transparent; }
    header.top nav a.here { color:#fff; border-bottom-color:#7ea2ff; }
    header.top nav a:hover { color:#fff; text-decoration:none; }
    header.top form { margin-left:auto; }
    header.top button.link { background:none; border:0; color:#c9d2e3; cursor:pointer; font:inherit; }
    main { max-width:1180px; margin:0 auto; padding:24px 28px 60px; }
    h1 { font-size:24px; margin:4px 0 18px; } h2 { font-size:17px; margin:26px 0 10px; }
    .sub { color:var(--muted); font-size:13px; }
    .card { background:var(--card); border:1px solid var(--line); border-radius:10px; padding:16px 18px; margin-bottom:18px; box-shadow:0 1px 2px rgba(20,30,60,.04); }
    table { border-collapse:collapse; width:100%; background:var(--card); }
    .card table { margin:0; }
    th { text-align:left; font-size:12px; text-transform:uppercase; letter-spacing:.04em; color:var(--muted); font-weight:600; padding:8px 10px; border-bottom:1px solid var(--line); }
    td { padding:9px 10px; border-bottom:1px solid var(--line); vertical-align:top; }
    tr:last-child td { border-bottom:0; }
    td.num, th.num { text-align:right; font-variant-numeric:tabular-nums; }
    .pill { display:inline-block; padding:1px 9px; border-radius:999px; font-size:12px; font-weight:600; white-space:nowrap; }
    .s-succeeded, .s-started, .s-sent { background:var(--ok-bg); color:var(--ok); }
    .s-failed, .s-unknown { background:var(--bad-bg); color:var(--bad); }
    .s-running, .s-sending { background:var(--run-bg); color:var(--run); }
    .s-interrupted, .s-paused, .s-pending, .s-waiting { background:var(--wait-bg); color:var(--wait); }
    .s-stopped, .s-skipped, .s-none, .s-cancelled { background:var(--off-bg); color:var(--off); }
    .strip { display:flex; gap:3px; align-items:center; }
    .strip a { display:block; width:10px; height:18px; border-radius:2px; background:var(--off-bg); }
    .strip a.s-succeeded { background:#3fb36c; } .strip a.s-failed { background:#e05252; }
    .strip a.s-running { background:#5b84f0; } .strip a.s-interrupted { background:#e0a53a; }
    .actions { display:flex; gap:6px; flex-wrap:wrap; }
    .actions form { margin:0; }
    .card .actions { margin-top:14px; }
    button, .button { font:inherit; font-size:13px; padding:5px 12px; border-radius:7px; border:1px solid #c8cfdb; background:#fff; color:var(--ink); cursor:pointer; }
    button:hover, .button:hover { border-color:var(--accent); color:var(--accent); text-decoration:none; }
    button.primary { background:var(--accent); color:#fff; border-color:var(--accent); }
    button.primary:hover { background:#2449ad; color:#fff; }
    input[type=text], input[type=password], input[type=date], select { font:inherit; font-size:14px; padding:6px 9px; border:1px solid #c8cfdb; border-radius:7px; background:#fff; }
    form.filters { display:flex; gap:10px; align-items:end; flex-wrap:wrap; margin-bottom:14px; }
    form.filters label { display:flex; flex-direction:column; font-size:12px; color:var(--muted); gap:3px; }
    form.filters input.wide { width:380px; }
    .facts { display:grid; grid-template-columns: max-content 1fr; gap:6px 18px; margin:0; }
    .facts dt { color:var(--muted); } .facts dd { margin:0; }
    .error-box { background:var(--bad-bg); color:#7d1f1f; border:1px solid #f0c4c4; border-radius:8px; padding:10px 14px; margin:12px 0; white-space:pre-wrap; }
    .notice { background:var(--run-bg); border:1px solid #c9d6fb; border-radius:8px; padding:10px 14px; margin:0 0 16px; }
    ol.log { list-style:none; margin:0; padding:0; font:12.5px/1.55 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace; max-height:520px; overflow:auto; }
    ol.log li { padding:2px 0; border-bottom:1px dashed #eef0f4; white-space:pre-wrap; word-break:break-word; }
    ol.log .t { color:var(--muted); margin-right:8px; } ol.log .a { color:var(--accent); margin-right:6px; }
    ol.log .l-error { color:var(--bad); } ol.log .l-warning { color:var(--wait); }
    pre.source { font:12.5px/1.55 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace; margin:0; overflow:auto; counter-reset:line; }
    pre.source span.line { display:block; padding-left:3.6em; text-indent:-3.6em; }
    pre.source span.line::before { counter-increment:line; content:counter(line); display:inline-block; width:3em; margin-right:.6em; text-align:right; color:#9aa3b2; }
    pre.source span.line.flagged { background:var(--bad-bg); }
    .graph { overflow:auto; } .graph svg { max-width:100%; height:auto; }
    .graph .node.state-succeeded rect, .graph .node.state-succeeded path, .graph .node.state-succeeded ellipse { fill:#e3f4ea; stroke:#3fb36c; }
    .graph .node.state-failed rect, .graph .node.state-failed path, .graph .node.state-failed ellipse { fill:#fbe7e7; stroke:#e05252; }
    .graph .node.state-running rect, .graph .node.state-running path, .graph .node.state-running ellipse { fill:#e6edfc; stroke:#5b84f0; }
    .graph .node.state-interrupted rect, .graph .node.state-interrupted path, .graph .node.state-interrupted ellipse { fill:#fbf0dc; stroke:#e0a53a; }
    .pager { display:flex; gap:12px; align-items:center; margin-top:12px; color:var(--muted); font-size:13px; }
    .empty { color:var(--muted); padding:18px 4px; }
    .login { max-width:420px; margin:80px auto; }
    .join { max-width:560px; margin:60px auto; line-height:1.5; }
    .join h2 { font-size:15px; margin:18px 0 4px; }
    .join .logo { display:block; margin-bottom:10px; border-radius:12px; }
    .join form { margin-top:16px; }
    .join table th { text-align:left; padding-right:18px; font-weight:600; }
    .login input[type=password] { width:100%; margin:8px 0 14px; }
    .scroll { overflow-x:auto; }
    .mono { font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace; font-size:13px; }
    """#

    static let script = #"""
    // wfrun console: the live parts of the pages (everything works without it, only less live).
    (function () {
      "use strict";
      function text(tag, cls, value) { var e = document.createElement(tag); if (cls) e.className = cls; e.textContent = value; return e; }
      var run = document.querySelector("[data-live-run]");
      if (run && window.EventSource) {
        var id = run.getAttribute("data-live-run");
        var after = run.getAttribute("data-log-after") || "0";
        var log = document.getElementById("log");
        var source = new EventSource("/runs/" + encodeURIComponent(id) + "/events?after=" + encodeURIComponent(after));
        source.addEventListener("log", function (event) {
          var entry = JSON.parse(event.data);
          var li = document.createElement("li");
          li.className = "l-" + entry.level;
          li.appendChild(text("span", "t", entry.at));
          if (entry.activity) li.appendChild(text("span", "a", "[" + entry.activity + "]"));
          li.appendChild(document.createTextNode(entry.message));
          if (log) { log.appendChild(li); log.scrollTop = log.scrollHeight; }
        });
        source.addEventListener("activity", function (event) {
          var a = JSON.parse(event.data);
          var row = document.querySelector("tr[data-activity='" + CSS.escape(a.activity) + "']");
          if (!row) return;
          var cells = row.querySelectorAll("[data-field]");
          cells.forEach(function (cell) {
            var field = cell.getAttribute("data-field");
            if (field === "status") { cell.innerHTML = ""; cell.appendChild(text("span", "pill s-" + a.status, a.status)); }
            else if (a[field] !== undefined && a[field] !== null) { cell.textContent = String(a[field]); }
          });
        });
        source.addEventListener("end", function (event) {
          source.close();
          var status = JSON.parse(event.data).status;
          var pill = document.getElementById("run-status");
          if (pill) { pill.className = "pill s-" + status; pill.textContent = status; }
          var live = document.getElementById("live-note");
          if (live) live.textContent = "Run " + status + ".";
          setTimeout(function () { window.location.reload(); }, 600);
        });
      }
      var refresh = document.querySelector("[data-refresh-seconds]");
      if (refresh) {
        var seconds = parseInt(refresh.getAttribute("data-refresh-seconds"), 10);
        if (seconds > 0) setTimeout(function () { window.location.reload(); }, seconds * 1000);
      }
    })();
    """#
}
