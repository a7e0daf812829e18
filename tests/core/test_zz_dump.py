from bimtek.demo.operations import DEMO_LOGINS, DEMO_PASSWORD
from tests.core.test_page_sizes import crawl
def test_dump(app, runner):
    runner.invoke(args=["content", "sync"])
    runner.invoke(args=["demo", "seed"])
    with open("/tmp/words_crawl.txt", "w") as out:
        for username, _ in DEMO_LOGINS:
            client = app.test_client()
            client.post("/login", data={"username": username, "password": DEMO_PASSWORD})
            log = []
            crawl(client, log)
            out.write(f"== {username} {len(log)}\n")
            for url, status, size, ref in sorted(log, key=lambda r: -r[2]):
                out.write(f"{status} {size/1024:.1f} {url} <- {ref}\n")
