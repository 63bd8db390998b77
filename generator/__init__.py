"""Build Plymouth's secondary-school news and key dates from YAML into a static site, feeds and calendars."""
