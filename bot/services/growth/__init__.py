"""Growth: REAL goals and 1-10 skill ratings."""
