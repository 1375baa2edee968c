using System.Text;
using MigrationHarness.Findings.Vmstate;

namespace MigrationHarness.Tests.Findings;

/// <summary>The vmstate rules on hand-written -dump-vmstate documents: versions, fields, struct fields, subsections, whole sections; and stream section headers.</summary>
public sealed class VmstateComparisonTests
{
    private static string Section(string type, string name, int version, int minimum, string fields, string subsections = "") =>
        "\"" + type + "\": {\"Name\": \"" + type + "\", \"version_id\": " + version + ", \"minimum_version_id\": " + minimum + ", \"Description\": " +
        "{\"name\": \"" + name + "\", \"version_id\": " + version + ", \"minimum_version_id\": " + minimum + ", \"Fields\": [" + fields + "]" +
        (subsections.Length > 0 ? ", \"Subsections\": [" + subsections + "]" : "") + "}}";

    private static string Field(string name, int version = 0, int size = 4, string? nested = null) =>
        $$"""{"field": "{{name}}", "version_id": {{version}}, "field_exists": false, "size": {{size}}{{(nested is null ? "" : $", \"Description\": {nested}")}}}""";

    private static VmstateDump Dump(params string[] sections) =>
        VmstateDump.Parse("{\"vmschkmachine\": {\"Name\": \"pc-q35-7.2\"}, " + string.Join(", ", sections) + "}");

    [Fact]
    public void Equal_sections_make_no_difference_and_the_machine_is_read()
    {
        var a = Dump(Section("ICH9-LPC", "ICH9LPC", 1, 1, Field("a")));

        Assert.Equal("pc-q35-7.2", a.Machine);
        Assert.True(a.Sections.ContainsKey("ICH9LPC"));
        Assert.Empty(VmstateComparison.Between(a, a));
    }

    [Fact]
    public void A_version_bump_with_a_version_gated_field_loads_forward_and_breaks_backward()
    {
        var older = Dump(Section("hpet", "hpet", 1, 1, Field("a")));
        var newer = Dump(Section("hpet", "hpet", 2, 1, Field("a") + "," + Field("b", version: 2)));

        var difference = Assert.Single(VmstateComparison.Between(older, newer));

        Assert.Equal("version 1 (min 1) → 2 (min 1)", difference.Text);
        Assert.Equal((VmstateImpact.None, VmstateImpact.Breaks), (difference.Forward, difference.Backward));
    }

    [Fact]
    public void A_raised_minimum_version_breaks_forward()
    {
        var difference = Assert.Single(VmstateComparison.Between(Dump(Section("x", "x", 1, 1, Field("a"))), Dump(Section("x", "x", 3, 2, Field("a")))));

        Assert.Equal(VmstateImpact.Breaks, difference.Forward);
    }

    [Fact]
    public void A_field_added_at_the_same_version_breaks_both_ways_and_a_resized_field_too()
    {
        var added = Assert.Single(VmstateComparison.Between(Dump(Section("x", "x", 1, 1, Field("a"))), Dump(Section("x", "x", 1, 1, Field("a") + "," + Field("b")))));
        var resized = Assert.Single(VmstateComparison.Between(Dump(Section("x", "x", 1, 1, Field("a", size: 4))), Dump(Section("x", "x", 1, 1, Field("a", size: 8)))));

        Assert.Contains("receiver reads b that is not sent", added.Text);
        Assert.Equal((VmstateImpact.Breaks, VmstateImpact.Breaks), (added.Forward, added.Backward));
        Assert.Contains("a 4 → 8 bytes", resized.Text);
    }

    [Fact]
    public void A_struct_field_is_compared_by_its_layout_not_by_its_C_size()
    {
        var inner = """{"name": "PCIDevice", "version_id": 2, "minimum_version_id": 1, "Fields": [{"field": "config", "version_id": 0, "field_exists": false, "size": 256}]}""";
        var older = Dump(Section("mch", "mch", 1, 1, Field("parent_obj", size: 2608, nested: inner)));
        var newer = Dump(Section("mch", "mch", 1, 1, Field("parent_obj", size: 2736, nested: inner)));

        Assert.Empty(VmstateComparison.Between(older, newer));
    }

    [Fact]
    public void A_renamed_field_of_the_same_size_loads_both_ways_because_names_are_not_on_the_wire()
    {
        var difference = Assert.Single(VmstateComparison.Between(Dump(Section("hpet", "hpet", 2, 1, Field("num_timers", size: 1))),
            Dump(Section("hpet", "hpet", 2, 1, Field("num_timers_save", size: 1)))));

        Assert.Equal((VmstateImpact.None, VmstateImpact.None), (difference.Forward, difference.Backward));
        Assert.Contains("renamed num_timers → num_timers_save", difference.Text);
    }

    [Fact]
    public void A_conditional_field_the_receiver_does_not_know_breaks_only_when_sent()
    {
        var conditional = "{\"field\": \"asc_mode\", \"version_id\": 0, \"field_exists\": true, \"size\": 4}";
        var difference = Assert.Single(VmstateComparison.Between(Dump(Section("esp", "esp", 1, 1, Field("a"))), Dump(Section("esp", "esp", 1, 1, Field("a") + "," + conditional))));

        Assert.Equal((VmstateImpact.None, VmstateImpact.WhenSent), (difference.Forward, difference.Backward));
        Assert.Contains("conditional asc_mode", difference.Text);
    }

    [Fact]
    public void Element_counts_are_compared_only_when_both_dumps_give_them()
    {
        var older = Dump(Section("x", "x", 1, 1, Field("queue", size: 4)));
        var newer = Dump(Section("x", "x", 1, 1, "{\"field\": \"queue\", \"version_id\": 0, \"field_exists\": false, \"size\": 4, \"num\": 1024}"));

        Assert.Empty(VmstateComparison.Between(older, newer));
    }

    [Fact]
    public void A_subsection_only_the_newer_build_has_breaks_backward_when_it_is_sent()
    {
        var sub = """{"name": "ICH9LPC/smi_feat", "version_id": 1, "minimum_version_id": 1, "Fields": []}""";
        var difference = Assert.Single(VmstateComparison.Between(Dump(Section("l", "ICH9LPC", 1, 1, Field("a"))), Dump(Section("l", "ICH9LPC", 1, 1, Field("a"), sub))));

        Assert.Equal(("ICH9LPC/ICH9LPC/smi_feat", VmstateImpact.None, VmstateImpact.WhenSent), (difference.Path, difference.Forward, difference.Backward));
    }

    [Fact]
    public void A_section_only_the_older_build_has_breaks_forward_when_sent()
    {
        var difference = Assert.Single(VmstateComparison.Between(Dump(Section("a", "a", 1, 1, Field("x")), Section("gone", "gone", 1, 1, Field("x"))),
            Dump(Section("a", "a", 1, 1, Field("x")))));

        Assert.Equal(("gone", VmstateImpact.WhenSent, VmstateImpact.None), (difference.Section, difference.Forward, difference.Backward));
    }

    [Fact]
    public void A_document_that_is_not_json_is_a_format_error()
    {
        Assert.Throws<FormatException>(() => VmstateDump.Parse("qemu-system-x86_64: unsupported machine type"));
    }

    [Fact]
    public void Stream_section_headers_name_the_sections_a_config_sends_and_payload_bytes_do_not()
    {
        var stream = new List<byte> { 0x51, 0x45, 0x56, 0x4d, 0, 0, 0, 3 };
        void Header(byte kind, string id, int version)
        {
            stream.Add(kind);
            stream.AddRange([0, 0, 0, 7]);
            stream.Add((byte)id.Length);
            stream.AddRange(Encoding.ASCII.GetBytes(id));
            stream.AddRange([0, 0, 0, 0, 0, 0, 0, (byte)version]);
            stream.AddRange([0x10, 0x20, 0x04, 0x00]);
        }
        Header(0x04, "0000:00:1f.0/ICH9LPC", 1);
        Header(0x04, "hpet", 2);
        Header(0x04, "PCIBUS", 1);

        var sections = StreamSections.Read(stream.ToArray(), new HashSet<string> { "ICH9LPC", "hpet", "mch" });

        Assert.Equal(new Dictionary<string, int> { ["ICH9LPC"] = 1, ["hpet"] = 2 }, sections);
    }
}
