using MigrationHarness.Builds;
using MigrationHarness.Claims;
using MigrationHarness.Tests.Infrastructure;
using MigrationHarness.Tiers;

namespace MigrationHarness.Tests.Claims;

public sealed class ClaimsFileTests
{
    private static string Repository(string path) => Path.Combine(RealQemuFixture.RepositoryRoot, path);

    [Fact]
    public void A_claim_may_name_a_build_outside_the_default_campaign()
    {
        var catalog = BuildCatalog.Load(Repository("builds.yaml"));

        var claims = ClaimsFile.Load(Repository("scenarios/claims/stable-10.0-series.yaml"), catalog);

        Assert.Equal(["pc-q35-10.0", "pc-i440fx-10.0"], claims.Select(c => c.MachineType));
        Assert.All(claims, c =>
        {
            // Older and newer by the catalog's version order, not by QEMU's name sorting.
            Assert.Equal(("qemu-10.0.2", "qemu-10.0"), (c.Older, c.Newer));
            Assert.Equal(SupportTier.Bidirectional, c.Tier);
            Assert.Null(c.Config);
            Assert.Equal(12, c.Cases);
        });
        Assert.Equal("pc-q35-10.0 is bidirectional between qemu-10.0.2 and qemu-10.0", claims[0].Text);
    }
}
