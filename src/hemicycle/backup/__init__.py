"""A whole meeting as one JSON file and back: `hemicycle export`, `hemicycle import`,
`hemicycle verify`. A site feature: it reads and writes the rows of every app."""
