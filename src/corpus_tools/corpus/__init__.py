"""Reading corpora: files and exports (loading), corpus cards, publication dates."""
