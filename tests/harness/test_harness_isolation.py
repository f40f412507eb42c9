"""Nothing leaks from one job to the next in the same worker."""

from __future__ import annotations

import os
import subprocess
import textwrap
import time

import pytest
from harness_client import PYTHON, Harness


def test_globals_do_not_survive_a_job(harness):
    assert harness.run("secret = 42\nstory.append(Spacer(1))")["ok"]
    assert harness.error("print(secret)")["type"] == "NameError"


def test_builtins_are_put_back(harness):
    code = ("import builtins\n"
            "builtins.len = lambda x: 0\n"
            "builtins.extra = 'leak'\n"
            "del builtins.print\n"
            "del builtins.open\n"
            "story.append(Paragraph('patched'))\n")
    assert harness.story(code) == [{"kind": "paragraph", "text": "patched", "style": "Normal"}]
    reply = harness.run("print(len([1, 2]), 'extra' in dir(__builtins__), callable(open))")
    assert reply["printed"] == "2 False True\n"


def test_a_patched_len_does_not_fool_the_bounds(harness):
    code = "import builtins\nbuiltins.len = lambda x: 0\nfor i in range(3):\n    story.append(Spacer(1))\n"
    assert harness.error(code, limits={"max_items": 2})["message"].startswith("the story has 3 items")


def test_interpreter_settings_are_put_back(harness):
    code = textwrap.dedent("""\
        import sys, os, warnings, gc
        sys.setrecursionlimit(60)
        sys.set_int_max_str_digits(640)
        sys.path.append('/nowhere')
        sys.stdout = open(os.devnull, 'w')
        os.environ['LEAK'] = '1'
        os.environ['MPLBACKEND'] = 'pdf'
        warnings.simplefilter('error')
        gc.disable()
        sys.settrace(lambda *a: None)
        os.chdir('/')
        """)
    assert harness.run(code)["ok"]
    code = textwrap.dedent("""\
        import sys, os, warnings, gc
        warnings.warn('only a warning')
        print(sys.getrecursionlimit() > 60, sys.get_int_max_str_digits(), '/nowhere' in sys.path,
              'LEAK' in os.environ, os.environ['MPLBACKEND'], os.environ['MPLCONFIGDIR'] == os.getcwd(),
              gc.isenabled(), sys.gettrace())
        """)
    reply = harness.run(code)
    assert reply["ok"], reply
    assert reply["printed"].splitlines()[-1] == "True 4300 False False Agg True True None"
    assert "UserWarning: only a warning" in reply["printed"]


def test_the_contract_and_the_subset_are_new_for_every_job(harness):
    code = textwrap.dedent("""\
        import reportlab.platypus
        Paragraph.__init__ = lambda self, *a, **k: None
        styles['Normal'].fontName = 'Helvetica-Bold'
        reportlab.platypus.Table = None
        warn('first job')
        """)
    assert harness.run(code)["warnings"] == ["first job"]
    code = ("from reportlab.platypus import Table\n"
            "story.append(Paragraph('x', styles['Normal']))\nstory.append(Table([['a']]))\n")
    reply = harness.run(code)
    assert reply["warnings"] == []
    assert reply["story"] == [{"kind": "paragraph", "text": "x", "style": "Normal"},
                              {"kind": "table", "rows": [["a"]], "header": False, "col_widths": None}]


def test_the_temporary_folder_is_emptied_and_kept(harness):
    code = textwrap.dedent("""\
        import os
        open('a.txt', 'w').write('a')
        os.makedirs('deep/er')
        open('deep/er/b.txt', 'w').write('b')
        os.symlink('/etc', 'link')
        os.chmod('deep/er', 0o500)
        print(sorted(os.listdir('.')))
        """)
    assert harness.run(code)["printed"] == "['a.txt', 'deep', 'link']\n"
    assert os.listdir(harness.temp_dir) == []
    assert os.path.exists("/etc/hostname")
    assert harness.run("import os\nprint(os.listdir('.'), os.getcwd())")["printed"] == \
        f"[] {harness.temp_dir}\n"


def test_imported_modules_stay_cached(harness):
    # What keeps a worker warm (numpy, matplotlib): modules stay in sys.modules between jobs.
    harness.run("import colorsys")
    assert harness.run("import sys\nprint('colorsys' in sys.modules)")["printed"] == "True\n"


def test_a_thread_left_running_asks_for_a_new_worker(fresh_harness):
    code = "import threading, time\nthreading.Thread(target=time.sleep, args=(30,), daemon=True).start()\n"
    reply = fresh_harness.run(code)
    assert reply["ok"] and reply["recycle"] is True


def test_an_alarm_set_by_a_job_does_not_fire_later(fresh_harness):
    code = "import signal\nsignal.signal(signal.SIGALRM, lambda *a: 1 / 0)\nsignal.setitimer(signal.ITIMER_REAL, 0.2)\n"
    assert fresh_harness.run(code)["ok"]
    time.sleep(0.4)
    assert fresh_harness.run("story.append(Spacer(1))")["ok"]
    assert fresh_harness.process.poll() is None


def test_a_block_that_patches_json_or_os_does_not_change_the_replies(harness):
    # Blocks patch json to serialise numpy values; the harness's reply path is bound at load.
    code = ("import json, os\njson.dumps = None\njson.JSONEncoder.default = lambda self, o: 'patched'\n"
            "os.write = None\nos.read = None\n")
    assert harness.run(code)["ok"]
    assert harness.story("story.append(Paragraph('still fine'))")[0]["text"] == "still fine"


def _can_import(python: str, modules: str) -> bool:
    return subprocess.run([python, "-I", "-c", f"import {modules}"], capture_output=True).returncode == 0


# The interpreter for the numpy/matplotlib test: the suite's, else Debian's (the worker's own).
SCIENTIFIC = next((p for p in (PYTHON, "/usr/bin/python3")
                   if os.path.exists(p) and _can_import(p, "numpy, matplotlib")), None)


@pytest.mark.skipif(SCIENTIFIC is None, reason="no Python with numpy and matplotlib")
def test_numpy_and_matplotlib_make_an_image(tmp_path):
    h = Harness(tmp_path / "w", python=SCIENTIFIC)
    try:
        code = textwrap.dedent("""\
            import io
            import numpy as np
            import matplotlib
            matplotlib.use('Agg')
            import matplotlib.pyplot as plt
            x = np.linspace(0.0, 1.0, 50)
            fig, ax = plt.subplots(figsize=(4, 3))
            ax.plot(x, x ** 2)
            buffer = io.BytesIO()
            fig.savefig(buffer, format='png', dpi=72)
            plt.close(fig)
            story.append(Image(buffer.getvalue(), width_pt=300, caption='Quadratic fit'))
            story.append(BarChart(['a', 'b'], np.array([1, 2], dtype=np.int64)))
            story.append(Table([[np.float64(1.5), np.int32(2)]], header=False))
            """)
        reply = h.run(code, limits={"cpu_seconds": 30})
        assert reply["ok"], reply
        image, chart, table = reply["story"]
        assert image["format"] == "png" and image["width"] == 300.0 and image["caption"] == "Quadratic fit"
        assert chart["values"] == [1.0, 2.0] and table["rows"] == [["1.5", "2"]]
        assert h.error("import numpy as np\nstory.append(BarChart(['a'], [np.nan]))\n")["type"] == "ValueError"
    finally:
        h.close()
