"""Stored XSS: payloads in project names, usernames, file names, column names and cell values,
and in URL paths, rendered in headless Chromium on every page: none may execute."""
from __future__ import annotations

import pytest

from feedback_seg import accounts, projects
from tests.browser.live import chromium, live_server, sign_in, watched_page
from tests.test_web_support import PASSWORD, make_app

pytestmark = pytest.mark.browser

_CORE = [
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>", "\"><script>alert(1)</script>", "'><img src=x onerror=alert(1)>",
    "</script><script>alert(1)</script>", "<iframe src=javascript:alert(1)>", "javascript:alert(1)",
    "<a href=javascript:alert(1)>x</a>", "<body onload=alert(1)>", "<input autofocus onfocus=alert(1)>",
    "<details open ontoggle=alert(1)>", "<video><source onerror=alert(1)></video>", "<math><mtext><img src=x onerror=alert(1)>",
    "\" onmouseover=\"alert(1)", "' onfocus='alert(1)' autofocus='", "<object data=javascript:alert(1)>",
    "<embed src=javascript:alert(1)>", "<marquee onstart=alert(1)>", "{{7*7}}<script>alert(1)</script>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>", "<IMG SRC=\"jav&#x09;ascript:alert(1);\">",
    "<img src=x onerror=&#97;&#108;&#101;&#114;&#116;(1)>", "＜script＞alert(1)＜/script＞",
    "<style>@import 'javascript:alert(1)';</style>", "<meta http-equiv=refresh content='0;url=javascript:alert(1)'>",
    "<form action=javascript:alert(1)><button>x</button></form>", "<textarea></textarea><script>alert(1)</script>",
    "<title></title><script>alert(1)</script>", "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">",
    "<base href=javascript:alert(1)//>", "<link rel=import href=data:text/html,<script>alert(1)</script>>",
    "\u202e<script>alert(1)</script>", "<img src=\"x\" onerror=\"alert(1)\"/>", "<body background=javascript:alert(1)>",
    "<div style=\"background:url(javascript:alert(1))\">", "<svg><animate onbegin=alert(1) attributeName=x>",
    "<select autofocus onfocus=alert(1)>", "<keygen autofocus onfocus=alert(1)>", "<audio src=x onerror=alert(1)>",
    "<x contenteditable onblur=alert(1)>lose focus</x>", "<img src=x:alert(1) onerror=eval(src)>",
    "<svg/onload=alert(1)>", "<script src=data:text/javascript,alert(1)></script>",
    "<img src=`x`onerror=alert(1)>", "<a href=\"&#106;avascript:alert(1)\">x</a>", "<isindex action=javascript:alert(1) type=image>",
    "<svg><a xlink:href=javascript:alert(1)><text y=20>x</text></a></svg>", "<frameset onload=alert(1)>",
]
PAYLOADS = [f"{i:02d}{p}" for i, p in enumerate(_CORE)]
HOOK = """
window.__xss = [];
for (const name of ['alert', 'confirm', 'prompt', 'print']) {
  window[name] = (...args) => { window.__xss.push(name + ':' + args.join(',')); };
}
"""


def _seed(app):
    eng = app.extensions["feedback_seg_engine"]
    admin = accounts.create_user(eng, "admin_browser", PASSWORD, "admin")
    for p in PAYLOADS[:25]:                                  # usernames (max 150 chars)
        accounts.create_user(eng, p[:150], PASSWORD, "viewer")
    pids = [projects.create_project(eng, p, admin["id"])["id"] for p in PAYLOADS]
    return admin, pids


def _csv() -> bytes:
    header = "id," + ",".join(f'"{p.replace(chr(34), chr(34) * 2)}"' for p in PAYLOADS[:10]) + ",answer\n"
    rows = [f"{i}," + ",".join(f'"{p.replace(chr(34), chr(34) * 2)}"' for p in PAYLOADS[:10])
            + f',"{PAYLOADS[i % len(PAYLOADS)].replace(chr(34), chr(34) * 2)} I really like the app a lot"'
            for i in range(1, 8)]
    return (header + "\n".join(rows) + "\n").encode("utf-8")


def test_no_payload_executes_on_any_page(tmp_path):
    app = make_app(tmp_path, MAX_CONTENT_LENGTH=5 * 1024 * 1024)
    _, pids = _seed(app)
    executed, pages = [], 0
    with live_server(app) as base, chromium() as browser:
        page, dialogs, errors = watched_page(browser, HOOK)

        def visit(url):
            nonlocal pages
            page.goto(url)
            page.wait_for_load_state("load")
            page.mouse.move(5, 5)
            page.keyboard.press("Tab")
            executed.extend(page.evaluate("window.__xss || []"))
            pages += 1

        sign_in(page, base, "admin_browser", PASSWORD)

        upload_urls = []
        for name in (PAYLOADS[1] + ".csv", PAYLOADS[4] + ".csv", PAYLOADS[40][:60] + ".csv"):
            page.goto(f"{base}/projects/{pids[0]}/upload")
            page.set_input_files("#file", files=[{"name": name, "mimeType": "text/csv", "buffer": _csv()}])
            page.click("form[data-dropzone] button[type=submit]")
            page.wait_for_load_state("load")
            assert "/uploads/" in page.url, page.content()[-800:]
            upload_urls.append(page.url)
        page.goto(f"{base}/projects/{pids[0]}/upload")        # an error page echoing a hostile name
        page.set_input_files("#file", files=[{"name": PAYLOADS[2] + ".exe", "mimeType": "text/plain",
                                              "buffer": b"x"}])
        page.click("form[data-dropzone] button[type=submit]")
        page.wait_for_load_state("load")
        executed.extend(page.evaluate("window.__xss || []"))

        urls = [base + "/projects", base + "/admin/users", base + "/account", *upload_urls]
        urls += [f"{base}/projects/{pid}" for pid in pids]
        urls += [f"{base}/admin/projects/{pids[0]}/members", f"{base}/projects/{pids[0]}/upload"]
        urls += [f"{base}/{p}" for p in PAYLOADS[:10]]              # 404 pages with the payload in the path
        urls += [f"{base}/api/v1/{p}" for p in PAYLOADS[:5]]
        for url in urls:
            visit(url)
            if url == base + "/projects":      # the payloads are on the page, as text
                shown = page.inner_text("main")
                assert sum(p in shown for p in PAYLOADS) >= len(PAYLOADS) - 2
        content = page.content()
    assert pages >= 70
    assert executed == [], executed
    assert dialogs == [], dialogs
    assert not [e for e in errors if "alert" in e], errors
    assert "<script>alert" not in content
