"""People: signing in, switching user, the idle lock, the People and Audit screens."""
