import resource, time
from tests.ui.conftest import settle

def cpu():
    r = resource.getrusage(resource.RUSAGE_SELF); return r.ru_utime + r.ru_stime

async def test_probe(make_app):
    for i in range(5):
        c = cpu(); w = time.perf_counter()
        app = make_app()
        async with app.run_test(size=(100, 30)) as pilot:
            c1 = cpu(); w1 = time.perf_counter()
            await settle(app, pilot)
            c2 = cpu(); w2 = time.perf_counter()
            for k in "down", "down", "up":
                await pilot.press(k)
            c3 = cpu(); w3 = time.perf_counter()
        c4 = cpu(); w4 = time.perf_counter()
        print(f"start {c1-c:.3f}/{w1-w:.3f} settle {c2-c1:.3f}/{w2-w1:.3f} 3keys {c3-c2:.3f}/{w3-w2:.3f} exit {c4-c3:.3f}/{w4-w3:.3f}")
