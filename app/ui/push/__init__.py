"""The push page: each store's stock upload file, previewed, saved, and its history."""
