using MigrationHarness.Analysis.Causes;
using MigrationHarness.Analysis.Promises;

namespace MigrationHarness.Tests.Analysis;

/// <summary>The promise table as shipped: each path of the judgement, and every row naming its source.</summary>
public sealed class PromiseTableTests
{
    private static readonly PromiseTable Table = PromiseTable.Default;

    [Theory]
    [InlineData("crash", CauseKind.Failure, "tcg", false, HopDirection.Backward, true)]
    [InlineData("hang", CauseKind.Failure, "kvm", true, HopDirection.Forward, true)]
    [InlineData("data-loss", CauseKind.Failure, "tcg", true, HopDirection.Same, true)]
    [InlineData("abi-drift", CauseKind.AcceleratorCapability, "tcg", true, HopDirection.Forward, false)]
    [InlineData("abi-drift", CauseKind.AcceleratorCapability, "kvm", true, HopDirection.Forward, false)]
    [InlineData("abi-drift", CauseKind.CpuMode, "tcg", true, HopDirection.Forward, false)]
    [InlineData("abi-drift", CauseKind.IntendedChange, "tcg", true, HopDirection.Forward, false)]
    [InlineData("abi-drift", CauseKind.MachineTypeCompat, "tcg", true, HopDirection.Forward, true)]
    [InlineData("abi-drift", CauseKind.MachineTypeCompat, "kvm", true, HopDirection.Same, true)]
    [InlineData("abi-drift", CauseKind.MachineTypeCompat, "tcg", true, HopDirection.Backward, false)]
    [InlineData("abi-drift", CauseKind.MachineTypeCompat, "tcg", false, HopDirection.Forward, false)]
    [InlineData("abi-drift", CauseKind.Unexplained, "tcg", true, HopDirection.Forward, true)]
    [InlineData("abi-drift", CauseKind.DeviceState, "tcg", true, HopDirection.Forward, true)]
    [InlineData("clean-reject", CauseKind.DeviceState, "tcg", true, HopDirection.Forward, true)]
    [InlineData("clean-reject", CauseKind.Failure, "tcg", true, HopDirection.Backward, false)]
    [InlineData("clean-reject", CauseKind.Failure, "tcg", false, HopDirection.Forward, false)]
    public void Each_situation_breaks_a_promise_only_where_QEMU_makes_one(string verdict, CauseKind cause, string accelerator, bool versioned, HopDirection direction, bool breaks)
    {
        var row = Table.Judge(verdict, cause, accelerator, versioned, direction);

        Assert.Equal(breaks, row.Breaks);
        Assert.NotEqual("none", row.Id);
    }

    [Fact]
    public void Every_row_names_its_source_and_why()
    {
        Assert.NotEmpty(Table.Rows);
        Assert.All(Table.Rows, r =>
        {
            Assert.False(string.IsNullOrWhiteSpace(r.Source), r.Id);
            Assert.False(string.IsNullOrWhiteSpace(r.Why), r.Id);
        });
    }

    [Fact]
    public void A_row_with_an_unknown_cause_or_no_source_is_refused()
    {
        Assert.Throws<FormatException>(() => PromiseTable.Parse("rows:\n  - id: x\n    cause: [weather]\n    breaks: true\n    source: s\n"));
        Assert.Throws<FormatException>(() => PromiseTable.Parse("rows:\n  - id: x\n    breaks: true\n"));
    }

    [Fact]
    public void A_question_no_row_covers_breaks_nothing()
    {
        var row = PromiseTable.Parse("rows: []").Judge("abi-drift", CauseKind.Unexplained, "tcg", true, HopDirection.Forward);

        Assert.False(row.Breaks);
        Assert.Equal("none", row.Id);
    }
}
