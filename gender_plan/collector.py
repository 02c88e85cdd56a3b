"""The garbage collector as a long-running process wants it.

Python's cycle collector runs after every 700 new container objects and, every so often, walks every object the
process holds — Django, the app and its modules included, which live as long as the process anyway. A page that
builds tens of thousands of small objects (the dashboard of a province judges 100 communes × 20 indicators × 10
periods) paid about a fifth of its time for those walks (README, Load test). So, once the app is loaded:
what is loaded is frozen (never walked again, as the Python documentation advises for servers), and the youngest
generation is collected after 50.000 new objects instead of 700. Objects without cycles are still freed at once
by reference counting; cycles are still collected, a little later.
"""

import gc

YOUNGEST_THRESHOLD = 50_000


def tune() -> None:
    """Freeze what the process holds now and collect the youngest generation less often."""
    gc.collect()
    gc.freeze()
    _, middle, oldest = gc.get_threshold()
    gc.set_threshold(YOUNGEST_THRESHOLD, middle, oldest)
