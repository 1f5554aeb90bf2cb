"""People: users, roles and what each may do, signing in, and reading the audit trail."""
