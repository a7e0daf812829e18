"""The demo data set: a current election and a few hundred officers to explore the app with."""
