"""Qt widgets. They call services through the Backend and never touch sessions or SQL."""

import app.ui.common.pyside_fixes  # noqa: F401  (PySide6 6.12 refcount bug; see the module)
