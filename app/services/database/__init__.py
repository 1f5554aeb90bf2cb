"""Setting up a store's database: making one (`db init`), bringing it up to date
(`db migrate`), trying a connection (the Connect dialog) and moving a store from one database
to another (`db copy`)."""
