"""A stand-in for a later app (site health, syndication...): installed by the test settings, it plugs a
console section and a publish check in through the public registries, as a real app would."""
