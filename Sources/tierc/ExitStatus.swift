import ArgumentParser

/// The exit statuses of every tierc command, documented in `--help`, README.md and docs/cli.md: the one place
/// they are defined (`KeysExitStatus` only words them for the `keys` commands).
enum ExitStatus {
    /// No errors; warnings may have been reported.
    static let success = ExitCode.success
    /// An input file has errors (with `--warnings-as-errors`, warnings count as errors).
    static let inputHasErrors = ExitCode(1)
    /// An input file could not be read (missing, a directory, no permission).
    static let unreadableInput = ExitCode(3)
    /// An output file could not be written (compile, keygen, keys, `--output`).
    static let unwritableOutput = ExitCode(4)
    /// serve: the `--store` database could not be reached or read (docs/serve.md#store).
    static let storeUnreachable = ExitCode(5)
    /// Bad usage: an unknown option, a missing argument, a bad value; ArgumentParser's `EX_USAGE`.
    static let usage = ExitCode.validationFailure

    /// The statuses of `check`, for its `--help`.
    static let helpText = """
    Exit status:
      0   no errors (warnings allowed)
      1   the input has errors (or warnings, with --warnings-as-errors)
      3   an input file could not be read
      64  usage error: unknown option, missing argument, bad value
    """

    /// The statuses of every command, for the root's `--help`.
    static let allCommandsHelpText = """
    Exit status:
      0   success (check: no errors; warnings allowed)
      1   the input has errors (check, compile, simulate, diff); inspect: an
          invalid snapshot; diff: --fail-on found a change
      3   an input file could not be read
      4   an output file could not be written (compile, keygen, --output)
      5   serve: the --store database could not be reached
      64  usage error: unknown option, missing argument, bad value
    """
}
