"""A Chinese window survives its .qm file being rewritten while it runs (issue 19: two of
six Chinese screenshot runs died with SIGSEGV in translate(), each while `make translations`
rewrote the file that Qt had mapped into memory)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
QM = ROOT / "translations" / "backroom_zh_CN.qm"

CHILD = textwrap.dedent("""
    import sys
    from pathlib import Path

    folder = Path(sys.argv[1])
    sys._MEIPASS = str(folder.parent)       # translations_folder() looks here
    from PySide6.QtCore import QCoreApplication

    from app.ui.common.i18n import install, translate

    app = QCoreApplication([])
    assert install("zh_CN") == "zh_CN"
    assert translate("Column", "Order") == "订单"
    qm = folder / "backroom_zh_CN.qm"
    with qm.open("r+b") as f:               # as lrelease writes it: emptied, then written
        f.truncate(0)
    words = [translate("Column", "Order") for _ in range(200)]
    words += [translate("messages", f"not there {i}") for i in range(200)]
    print(words[0])
""")


def test_the_window_survives_its_translation_file_being_rewritten(tmp_path):
    if not QM.exists():
        subprocess.run([str(Path(sys.executable).with_name("pyside6-lrelease")), "-silent",
                        str(QM.with_suffix(".ts")), "-qm", str(QM)], check=True)
    folder = tmp_path / "translations"
    folder.mkdir()
    shutil.copy(QM, folder / QM.name)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    done = subprocess.run([sys.executable, "-c", CHILD, str(folder)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, (done.returncode, done.stderr[-2000:])
    assert done.stdout.strip() == "订单"
