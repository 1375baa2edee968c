namespace MigrationHarness.Configs;

/// <summary>The memory device: <c>pc-dimm</c>, <c>nvdimm</c> (needs <c>nvdimm=on</c> on the machine) or <c>virtio-mem</c>.</summary>
public enum DimmKind { PcDimm, Nvdimm, VirtioMem }
