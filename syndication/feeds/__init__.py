"""Feeds for other channels (政务新媒体, apps, the national platform): RSS 2.0 and JSON Feed 1.1 of
each site, each column, and of every site's columns of one type on the platform host."""
