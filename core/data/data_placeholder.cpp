// Removed once the first data source lands.
