using MigrationHarness.Configs.Capabilities;
using MigrationHarness.Configs.Generation;

namespace MigrationHarness.Configs.Coverage;

/// <summary>
/// Steered generation: for each case, a few candidate configs are drawn deterministically from the
/// seed and index, and the one that adds the most classes not covered yet (then the most pairs of
/// classes) is taken. Once no candidate adds anything, or after <see cref="PairwiseBudget"/> cases,
/// steering stops for good and every case is the first candidate — the plain random draw. The seed
/// still decides everything, and steering costs only generation, not runs.
/// </summary>
public static class SteeredSampler
{
    public const int Candidates = 16;

    /// <summary>Cases after which a tracker stops steering toward pairs of classes (single classes come first and fast).</summary>
    public const int PairwiseBudget = 300;

    /// <summary>The seed of candidate <paramref name="k"/> (candidate 0 is the unsteered draw).</summary>
    public static ulong CandidateSeed(ulong seed, int k) => k == 0 ? seed : seed ^ ((ulong)k * 0xD1B54A32D192ED03UL);

    /// <summary>
    /// Picks among the candidates <paramref name="draw"/> gives (it receives a seed) the best for
    /// <paramref name="tracker"/>, adds it to the tracker, and returns it.
    /// </summary>
    public static VmConfig Choose(ulong seed, Func<ulong, VmConfig> draw, CoverageTracker tracker)
    {
        if (tracker.Saturated)
        {
            var random = draw(CandidateSeed(seed, 0));
            tracker.Add(CoverageModel.Of(random));
            return random;
        }
        VmConfig? best = null;
        IReadOnlyList<CoverageClass>? bestClasses = null;
        var bestGain = (Singles: -1, Pairs: -1);
        for (var k = 0; k < Candidates; k++)
        {
            var candidate = draw(CandidateSeed(seed, k));
            var classes = CoverageModel.Of(candidate);
            var gain = tracker.Gain(classes);
            if (gain.Singles > bestGain.Singles || (gain.Singles == bestGain.Singles && gain.Pairs > bestGain.Pairs))
                (best, bestClasses, bestGain) = (candidate, classes, gain);
        }
        tracker.Add(bestClasses!);
        if (bestGain is (0, 0) || tracker.Cases >= PairwiseBudget) tracker.Saturated = true;
        return best!;
    }
}
