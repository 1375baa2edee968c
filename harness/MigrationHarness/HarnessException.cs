namespace MigrationHarness;

/// <summary>
/// Root of every error the harness raises on purpose. The message says what happened and what to do next.
/// </summary>
public class HarnessException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// The machine the harness runs on failed (Docker engine, disk, a host tool, the harness's own timeout).
/// Never a QEMU finding: the oracle maps it to <c>infra-error</c> and the CLI to exit code 3.
/// </summary>
public class InfrastructureException(string message, Exception? inner = null) : HarnessException(message, inner);

/// <summary>
/// Input given by a user (a file, a command line, a build name) is wrong. The CLI maps it to exit code 2.
/// </summary>
public class BadInputException(string message, Exception? inner = null) : HarnessException(message, inner);
