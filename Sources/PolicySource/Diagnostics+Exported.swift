/// Source files, locations and diagnostics live in the Diagnostics target (no libyaml there); every user of the YAML
/// front end works with them, so they come with it.
@_exported public import Diagnostics
