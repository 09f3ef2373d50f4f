"""The ground floor: settings, the vocabulary, deterministic ids, errors and declarative YAML.
Imports nothing else of Touchpoint."""
