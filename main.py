"""Starts the Backroom window: `python main.py [--db PATH_OR_URL] [--station NAME] [--user NAME]`.

This is the composition root: it opens the database, builds the backend and the window, and
passes them down. Nothing else happens here.
"""

from __future__ import annotations

import argparse
import os
import socket
import sys


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="backroom-gui", description="Start Backroom.")
    parser.add_argument("--db", help="database file or URL (default: $BACKROOM_DB, else "
                        "backroom.sqlite3 in your data folder)")
    parser.add_argument("--station", default=os.environ.get("BACKROOM_STATION",
                                                            socket.gethostname()))
    # The person who installs and starts Backroom is the store's owner until users are set
    # up; a packing station is started with --user NAME (a packer may not adjust stock).
    parser.add_argument("--user", default=os.environ.get("BACKROOM_USER", "owner"))
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    from PySide6.QtWidgets import QApplication, QMessageBox

    from app.db import DatabaseError, open_database
    from app.services import demo
    from app.services.core.backend import Actor, Backend
    from app.services.stock import catalog
    from app.ui.common.crash import CrashReporter, setup_logging
    from app.ui.main_window import MainWindow

    app = QApplication(sys.argv[:1])
    app.setApplicationName("Backroom")
    log_path = setup_logging()
    crashes = CrashReporter(log_path, parent=app)
    crashes.install()
    try:
        db = open_database(args.db)
    except DatabaseError as exc:
        QMessageBox.critical(None, "Backroom cannot open the database", str(exc))
        return 1
    backend = Backend(db.sessions, actor=Actor(args.user, args.station),
                      database_label=db.label)
    if db.backup_path is not None:
        QMessageBox.information(None, "Database upgraded",
                                f"The database was upgraded. A copy of the old one is at\n"
                                f"{db.backup_path}")
    if backend.read(catalog.count_products) == 0:
        answer = QMessageBox.question(
            None, "Welcome to Backroom",
            "This database is empty. Load a demo store (3 stores, 300 products, 2,000 "
            "orders) to look around?\n\nChoose No to start with your own products.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.Yes)
        if answer == QMessageBox.StandardButton.Yes:
            backend.run(demo.generate_demo)
    window = MainWindow(backend)
    window.show()
    code = app.exec()
    db.dispose()
    return code


if __name__ == "__main__":
    raise SystemExit(main())
