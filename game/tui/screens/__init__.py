"""The app's screens; each module is imported when its screen is first shown."""
