// The runtime loads what SnapshotCodec reads (docs/runtime.md): `Snapshot`, `SnapshotError`, the keys and the
// canonical policy codec are re-exported, so that a service needs `import PolicyRuntime` only.
@_exported public import SnapshotCodec
