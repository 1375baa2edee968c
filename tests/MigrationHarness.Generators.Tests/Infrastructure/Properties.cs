using FsCheck;
using FsCheck.Fluent;

namespace MigrationHarness.Generators.Tests.Infrastructure;

/// <summary>Runs an FsCheck property from an xunit fact (FsCheck.Xunit is not available) and fails the test with FsCheck's report.</summary>
public static class Properties
{
    public static void Check<T>(Arbitrary<T> arbitrary, Action<T> assertion, int maxTest = 300) =>
        FsCheck.Check.One(Config.QuickThrowOnFailure.WithMaxTest(maxTest).WithQuietOnSuccess(true), Prop.ForAll(arbitrary, assertion));
}
