using MigrationHarness.Campaign;

namespace MigrationHarness.Tests.Campaign;

/// <summary>One confirmation per failure and unit: the first confirming case is remembered, later ones refer to it.</summary>
public sealed class ConfirmationLedgerTests
{
    [Fact]
    public void A_key_is_unconfirmed_until_a_case_confirms_it_and_the_first_case_stays()
    {
        var ledger = new ConfirmationLedger();
        const string key = "crash:source SIGABRT|qemu-10.0>qemu-11.1|pc-q35-10.0|forward/running";

        Assert.Null(ledger.ConfirmedBy(key));
        ledger.Confirm(key, 12);
        ledger.Confirm(key, 40);

        Assert.Equal(12, ledger.ConfirmedBy(key));
        Assert.Null(ledger.ConfirmedBy(key.Replace("forward/running", "forward/paused")));
    }

    [Fact]
    public void Workers_confirming_at_once_keep_one_first_case()
    {
        var ledger = new ConfirmationLedger();

        Parallel.For(0, 64, i => ledger.Confirm("k", i));

        Assert.NotNull(ledger.ConfirmedBy("k"));
    }
}
