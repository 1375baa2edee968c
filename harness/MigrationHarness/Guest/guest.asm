; MigrationHarness guest: a 64 KiB firmware image (-bios) that needs no OS.
;
; What it does, so the harness can judge a migration from inside the guest:
;  * it sets the machine up as firmware and an OS would: every vCPU turns on the CPU features it
;    finds (FXSR/SSE, XSAVE with x87|SSE|AVX in XCR0, SMEP/SMAP/UMIP, EFER.SCE/NXE), writes the
;    MSRs an OS writes (PAT, SYSENTER/SYSCALL targets, KERNEL_GS_BASE, TSC_AUX, MTRRs, machine
;    check enables, Hyper-V's guest OS ID) and programs its local APIC; the BSP programs the
;    chipset as a BIOS does at boot (PCI BARs, decode and interrupt lines on bus 0, PAM, the
;    LPC/PM power-management base and PIRQ routing, the PICs, PIT, ELCR, IOAPIC redirections,
;    HPET, a signature in CMOS RAM);
;  * every vCPU present at start (the BSP, and the APs it wakes with INIT-SIPI-SIPI) records its
;    VIEW in a slot indexed by its APIC ID: every CPUID leaf and subleaf (basic, hypervisor and
;    extended ranges, to each range's maximum), the MSRs of a fixed list (an absent one, whose
;    RDMSR faults, is recorded as absent), its control registers and XCR0, and its local APIC
;    registers; once at boot (INITIAL table) and again on every refresh (CURRENT);
;  * the BSP records the PLATFORM the same way, at boot and on every refresh: the configuration
;    space of every PCI function on bus 0, CMOS RAM, the PIC/ELCR/PM/GPE ports, PIT status,
;    IOAPIC and HPET registers and fw_cfg's signature;
;  * the BSP then loops forever: it writes the next pass number into the first dword of every
;    page of a RAM range, page by page in address order, then stores the pass number in the
;    header; every REFRESH_PASSES passes it re-reads its view and the platform and asks the APs
;    (IPI, vector 0x40) to re-read theirs;
;  * it also finds all of its RAM as an OS would: the RAM ranges of the e820 map QEMU gives over
;    fw_cfg ("etc/e820", every NUMA node's memory lies in them) and the DIMMs the ACPI memory
;    hot-plug registers (I/O 0x0A00) report, and lists pages across all of it (one every stride,
;    and each range's last page) in the TARGETS table; directly, or (for a page above 4 GiB) with PAE paging (a 2 MiB window per
;    writer, re-pointed for each page) up to four vCPUs keep writing those pages, the BSP every
;    pass and the first three APs on every refresh IPI.
; The harness compares what the stopped source sent with what the paused destination holds,
; page by page, over every page listed here: exact whatever order or how many vCPUs wrote. It
; compares each vCPU's view and the platform recorded at boot on the first source with what the
; guest reads again once it runs on the destination.
;
; Every privileged enable is guarded: a MOV to CR0 or CR4 (CR4 one bit at a time), XSETBV, each
; WRMSR, and turning on paging. A CPU that refuses one (#GP, or #UD for XSETBV) resumes the guest
; after it with that one thing off; the bits asked for are recorded per vCPU (register kind 5, by
; register) in every view, and the boot processor's in the header (HDR_REFUSED), so a guest comes up
; without what its CPU refused and the harness compares and reports it. Paging is turned on only
; when a target page lies above 4 GiB; below, the writers write their pages with paging off.
; A fault the guest does not expect (#GP or #UD anywhere else) stores the vector and EIP in
; the header and stops the vCPU there: the harness reports it at once instead of waiting.
;
; The image is a ROM, and fetching code from the ROM region may be emulated instruction by
; instruction (it is on nested KVM), so the reset vector only copies the code to RAM at
; RAM_BASE and runs it there; APs start there too (SIPI vector RAM_BASE >> 12).
;
; Layout of guest RAM (all below 16 MiB, present in every config):
;   0x008000 header (see HDR_*), 0x009000 IDT, 0x020000 code, 0x060000..0x070000 AP stacks, 0x007000 BSP stack top
;   0x180000 TARGETS (count, then 64-bit page addresses), 0x181000 RAM ranges, 0x182000 fw_cfg
;   scratch, 0x183000 writer index by APIC ID, 0x184000 PAE PDPT, 0x185000..0x189000 page directories
;   0x190000 INITIAL platform, 0x198000 CURRENT platform (32 KiB each)
;   0x400000..0x600000 dirtied range (512 pages)
;   0x800000 INITIAL view table, 0xC00000 CURRENT view table (256 slots x 16 KiB, by APIC ID)
; View slot: 'CPU!', APIC ID, generation (written last: the slot is whole for it), CPUID entry
;   count, register entry count, flags (bit 0: CPUID truncated, bit 1: registers truncated), then
;   scratch; CPUID entries (leaf, subleaf, eax, ebx, ecx, edx) from +0x40; register entries (kind,
;   index, low, high) from +0x2800. A refresh rewrites the entries in place with counts kept in
;   the scratch (+0x20, +0x24, flags +0x28) and publishes counts, flags and generation only at the
;   end: a reader copying the slot while it is rewritten sees the last whole refresh's counts over
;   entries that are rewritten with the same values in the same places.
; Platform table: 'PLT!', 0, generation (last), PCI function count, register entry count, flags,
;   scratch as above; register entries from +0x2800; PCI functions (device << 3 | function, then
;   256 bytes of configuration space) from +0x4000.
; Register kinds: 1 MSR, 2 MSR absent (RDMSR faults), 3 local APIC register (by offset),
;   4 control register (0: CR0, 3: CR3, 4: CR4, 0x10: XCR0), 5 refused enable bits (by register as kind 4,
;   0xC0000080 EFER, 1 paging; recorded only when non-zero), 16 CMOS byte, 17/18/19 I/O port
;   read 8/16/32 bits, 20 IOAPIC register, 21 HPET register (by offset), 22 fw_cfg item (by key,
;   first 4 bytes), 23 PIT channel status (mode bits).
; Assemble: nasm -f bin guest.asm -o guest.bin

%define RAM_BASE        0x20000
%define LIN(x)          (RAM_BASE + (x))

%define HDR             0x8000
%define HDR_MAGIC       (HDR + 0x00)      ; 'MHG1' once the BSP is in its loop
%define HDR_PASS        (HDR + 0x04)      ; last completed pass
%define HDR_HEARTBEAT   (HDR + 0x08)      ; +1 every pass
%define HDR_CPUS        (HDR + 0x0C)      ; vCPUs that stored an INITIAL slot
%define HDR_GENERATION  (HDR + 0x10)      ; CPUID refresh generation
%define HDR_DIRTY_START (HDR + 0x14)
%define HDR_DIRTY_END   (HDR + 0x18)
%define HDR_LAST_TSC    (HDR + 0x1C)      ; TSC at the last refresh (0: the CPU has no TSC)
%define HDR_TARGETS     (HDR + 0x20)      ; pages listed in TARGETS
%define HDR_PAGING      (HDR + 0x24)      ; 1 once the PAE tables are ready (the writers use them)
%define HDR_STRIDE      (HDR + 0x28)      ; target stride in 2 MiB units
%define HDR_DIMMS       (HDR + 0x2C)      ; DIMMs found through the memory hot-plug registers
%define HDR_MAX_APIC    (HDR + 0x30)      ; highest APIC ID that recorded a view
%define HDR_FAULT_VEC   (HDR + 0x34)      ; vector + 1 of an unexpected fault (0: none)
%define HDR_FAULT_EIP   (HDR + 0x38)      ; and where it happened
%define HDR_REFUSED     (HDR + 0x3C)      ; what the BSP's CPU refused: bit 0 CR0, 1 CR4, 2 XCR0, 3 EFER, 4 paging bits (0: nothing)

%define TARGETS         0x180000
%define MAX_TARGETS     120               ; each is one QMP read per side per hop for the harness
%define RANGES          0x181000          ; (start lo, start hi, length lo, length hi) per RAM range
%define MAX_RANGES      64
%define SCRATCH         0x182000
%define E820_BUF        0x182100          ; up to 64 entries of 20 bytes
%define INDEX_TABLE     0x183000          ; writer index (arrival order) by APIC ID
%define PDPT            0x184000
%define PD_BASE         0x185000          ; four page directories, 4 KiB each
%define REFUSED_TABLE   0x189000          ; by APIC ID, 32 bytes each: refused CR0, CR4, XCR0, EFER bits, paging (1)
%define WINDOW_PD       (PD_BASE + 3 * 0x1000)
%define WINDOW_BASE     0xC0000000        ; writer w maps its target page at WINDOW_BASE + w * 2 MiB
%define MAX_WRITERS     4
%define LOW_LIMIT       0x1000000         ; RAM below 16 MiB holds the guest's own tables and is read whole
%define FW_CFG_SEL      0x510
%define FW_CFG_DATA     0x511
%define MEM_HP          0x0A00            ; ACPI memory hot-plug registers (docs/specs/acpi_mem_hotplug.rst)

%define IDT_BASE        0x9000
%define TABLE_INITIAL   0x800000
%define TABLE_CURRENT   0xC00000
%define SLOT_SIZE       0x4000
%define SLOT_CPUID      0x40
%define MAX_CPUID       400
%define SLOT_REGS       0x2800
%define MAX_REGS        384
%define PLATFORM_INITIAL 0x190000
%define PLATFORM_CURRENT 0x198000
%define PLAT_PCI        0x4000
%define MAX_PCI         62
%define PCI_RECORD      260

%define KIND_MSR        1
%define KIND_MSR_ABSENT 2
%define KIND_LAPIC      3
%define KIND_CR         4
%define KIND_REFUSED    5                 ; bits a guarded enable asked for and the CPU refused, by register (as KIND_CR; 0xC0000080 EFER, 1 paging)
%define KIND_CMOS       16
%define KIND_IO8        17
%define KIND_IO16       18
%define KIND_IO32       19
%define KIND_IOAPIC     20
%define KIND_HPET       21
%define KIND_FWCFG      22
%define KIND_PIT        23

%define IOAPIC          0xFEC00000
%define HPET            0xFED00000
%define PM_BASE         0x600             ; where the BIOS puts the ACPI PM registers (ICH9 and PIIX4)
%define MMIO_START      0xE0000000        ; BARs go here: in the PCI hole of both pc and q35 whatever the RAM size
%define MMIO_END        0xFE000000
%define IO_START        0xC000
%define DIRTY_START     0x400000
%define DIRTY_END       0x600000          ; 512 pages: on nested KVM each first write to a page costs ~0.5 ms
%define REFRESH_PASSES  64                ; without a TSC: refresh the views every this many passes
%define REFRESH_CYCLES  0x4000000         ; with a TSC: refresh when it advanced this much (~25 ms at 2.5 GHz): a refresh reads
                                          ; ~250 CPUID leaves and MSRs per vCPU and ~1000 I/O accesses on the BSP; refreshing more often
                                          ; would load the host for little; less often makes every check on a destination wait longer (it waits for one or two)

%define LAPIC           0xFEE00000
%define LAPIC_ID        (LAPIC + 0x020)   ; bits 31:24: this vCPU's APIC ID, unique per vCPU whatever CPUID says
%define LAPIC_EOI       (LAPIC + 0x0B0)
%define LAPIC_SVR       (LAPIC + 0x0F0)
%define LAPIC_ICR_LO    (LAPIC + 0x300)
%define LAPIC_ICR_HI    (LAPIC + 0x310)
%define REFRESH_VECTOR  0x40

; Loads the flat 32-bit data selector into every data segment register.
%macro FLAT_SEGMENTS 0
        mov ax, 0x10
        mov ds, ax
        mov es, ax
        mov ss, ax
        mov fs, ax
        mov gs, ax
%endmacro

; Points esp at this AP's own 256-byte stack (by local APIC ID). Needs no stack; clobbers ebx.
; REFUSED_SLOT reg: reg = this vCPU's REFUSED_TABLE entry (by APIC ID)
%macro REFUSED_SLOT 1
        mov %1, [LAPIC_ID]
        shr %1, 24
        shl %1, 5
        add %1, REFUSED_TABLE
%endmacro

%macro AP_STACK 0
        mov ebx, [LAPIC_ID]
        shr ebx, 24
        inc ebx
        shl ebx, 8
        add ebx, 0x60000
        mov esp, ebx
%endmacro

        org 0
        bits 16

; ---- offset 0 of the RAM copy: where APs start (SIPI vector 0x20 = physical 0x20000) ----
ap_entry:
        cli
        cld
        o32 lgdt [cs:gdt_desc]
        mov eax, cr0
        and eax, 0x9FFFFFFF               ; clear CD and NW: caches are off at reset, and KVM honours that
        or al, 1
        mov cr0, eax
        jmp dword 0x08:LIN(ap_pm)

; ---- the BSP arrives here from rom_start, in the RAM copy ----
bsp_entry:
        cli
        cld
        o32 lgdt [cs:gdt_desc]
        mov eax, cr0
        and eax, 0x9FFFFFFF
        or al, 1
        mov cr0, eax
        jmp dword 0x08:LIN(bsp_pm)

        align 8
gdt:    dq 0
        dq 0x00CF9B000000FFFF             ; 0x08: flat 32-bit code (accessed bit preset: the GDT is in ROM,
                                          ; and a CPU that must set it there retries the write forever under KVM)
        dq 0x00CF93000000FFFF             ; 0x10: flat 32-bit data (accessed bit preset)
gdt_desc:
        dw gdt_desc - gdt - 1
        dd LIN(gdt)
idt_desc:
        dw 256 * 8 - 1
        dd IDT_BASE

        bits 32
bsp_pm:
        FLAT_SEGMENTS
        mov esp, 0x7000
        call enable_write_back
        mov dword [HDR_PASS], 0
        mov dword [HDR_HEARTBEAT], 0
        mov dword [HDR_CPUS], 0
        mov dword [HDR_GENERATION], 1
        mov dword [HDR_DIRTY_START], DIRTY_START
        mov dword [HDR_DIRTY_END], DIRTY_END

        ; IDT: the refresh IPI and the spurious vector; nothing else is ever enabled.
        mov edi, IDT_BASE
        mov ecx, 512
        xor eax, eax
        rep stosd
        mov eax, LIN(refresh_isr)
        mov edi, IDT_BASE + REFRESH_VECTOR * 8
        call set_gate
        mov eax, LIN(spurious_isr)
        mov edi, IDT_BASE + 0xFF * 8
        call set_gate
        mov eax, LIN(gp_isr)
        mov edi, IDT_BASE + 13 * 8
        call set_gate
        mov eax, LIN(ud_isr)
        mov edi, IDT_BASE + 6 * 8
        call set_gate
        lidt [LIN(idt_desc)]

        mov dword [LAPIC_SVR], 0x1FF      ; software-enable the local APIC, spurious vector 0xFF
        mov dword [HDR_TARGETS], 0
        mov dword [HDR_PAGING], 0
        mov dword [HDR_DIMMS], 0
        mov dword [HDR_MAX_APIC], 0
        mov dword [HDR_FAULT_VEC], 0
        mov dword [HDR_FAULT_EIP], 0
        mov dword [HDR_REFUSED], 0
        mov edi, REFUSED_TABLE
        mov ecx, 256 * 8
        xor eax, eax
        rep stosd
        call find_ram
        call setup_paging
        call enable_features
        call program_msrs
        call summarise_refused
        call program_lapic
        call program_platform
        call dump_initial
        mov edi, PLATFORM_INITIAL
        call dump_platform
        mov edi, PLATFORM_CURRENT
        call dump_platform

        ; Wake every AP: INIT, then two SIPIs to RAM_BASE (ap_entry), all excluding self.
        mov dword [LAPIC_ICR_HI], 0
        mov dword [LAPIC_ICR_LO], 0x000C4500
        call delay
        mov dword [LAPIC_ICR_LO], 0x000C4620
        call delay
        mov dword [LAPIC_ICR_LO], 0x000C4620
        call delay

        mov dword [HDR_LAST_TSC], 0
        mov eax, 1
        cpuid
        test edx, 1 << 4                  ; CPUID.1:EDX.TSC (486 has none)
        jz .no_tsc
        rdtsc
        or eax, 1
        mov [HDR_LAST_TSC], eax
.no_tsc:
        mov dword [HDR_MAGIC], 0x3147484D ; 'MHG1'
main_loop:
        mov eax, [HDR_PASS]
        inc eax
        mov esi, DIRTY_START
.page:
        mov [esi], eax
        add esi, 4096
        cmp esi, DIRTY_END
        jb .page
        mov [HDR_PASS], eax
        mov ebx, eax
        xor ecx, ecx                      ; the BSP is writer 0
        call write_targets
        mov eax, [HDR_PASS]
        inc dword [HDR_HEARTBEAT]
        cmp dword [HDR_LAST_TSC], 0
        je .by_passes
        rdtsc
        mov ecx, eax
        sub ecx, [HDR_LAST_TSC]
        cmp ecx, REFRESH_CYCLES
        jb main_loop
        mov [HDR_LAST_TSC], eax
        jmp .refresh
.by_passes:
        test eax, REFRESH_PASSES - 1
        jnz main_loop
.refresh:
        ; Refresh: the BSP now, the APs by IPI (each stores the generation it saw).
        inc dword [HDR_GENERATION]
        call dump_current
        mov edi, PLATFORM_CURRENT
        call dump_platform
        mov dword [LAPIC_ICR_HI], 0
        mov dword [LAPIC_ICR_LO], 0x000C0000 | REFRESH_VECTOR
        jmp main_loop

ap_pm:
        FLAT_SEGMENTS
        AP_STACK
        call enable_write_back
        call enable_paging
        lidt [LIN(idt_desc)]
        mov dword [LAPIC_SVR], 0x1FF
        call enable_features
        call program_msrs
        call program_lapic
        call dump_initial
ap_idle:
        sti
        hlt
        jmp ap_idle

; APs take interrupts only while halted in ap_idle, so a handler never returns with IRET: it
; drops the frame and goes back to idle. (Under nested KVM with dirty logging, an IRET whose stack
; write faults may be handed to KVM's emulator, which cannot do a protected-mode IRET: the vCPU
; then dies with an internal error.)
refresh_isr:
        call dump_current
        mov ebx, [edi + 4]                ; this vCPU's APIC ID, from its slot
        mov ecx, [INDEX_TABLE + ebx * 4]
        mov ebx, [HDR_GENERATION]
        call write_targets                ; a no-op for writers past MAX_WRITERS
        mov dword [LAPIC_EOI], 0
        AP_STACK
        jmp ap_idle

spurious_isr:
        AP_STACK
        jmp ap_idle


; MTRRs are off at reset, which makes all memory uncacheable, and KVM honours that: a loop then
; runs a thousand times slower. Make write-back the default type, where the CPU has MTRRs.
enable_write_back:
        mov eax, 1
        cpuid
        test edx, 1 << 12                 ; CPUID.1:EDX.MTRR
        jz .none
        mov ecx, 0x2FF                    ; IA32_MTRR_DEF_TYPE: enabled, default type 6 (WB)
        mov eax, 0x806
        xor edx, edx
        wrmsr
.none:
        ret

; eax = handler linear address, edi = gate address: a 32-bit interrupt gate in segment 0x08.
set_gate:
        mov [edi], ax
        mov word [edi + 2], 0x08
        mov word [edi + 4], 0x8E00
        shr eax, 16
        mov [edi + 6], ax
        ret

; The slot of this vCPU in the table at ebp: ebp + APIC ID * SLOT_SIZE, left in edi. The ID comes
; from the local APIC, not CPUID: some CPU models (e.g. "base") give every vCPU the same CPUID
; initial APIC ID, and vCPUs sharing a slot would tear each other's tables.
slot_of:
        mov eax, [LAPIC_ID]
        shr eax, 24
        imul edi, eax, SLOT_SIZE
        add edi, ebp
        ret

dump_initial:
        mov ebp, TABLE_INITIAL
        call slot_of
        call dump_view
        mov ecx, [edi + 4]                ; APIC ID: the highest one tells the harness how much of a table to read
.max:
        mov eax, [HDR_MAX_APIC]
        cmp ecx, eax
        jbe .counted
        lock cmpxchg [HDR_MAX_APIC], ecx
        jne .max
.counted:
        mov ebx, [edi + 4]
        mov eax, 1
        lock xadd [HDR_CPUS], eax         ; arrival order: the writer index
        mov [INDEX_TABLE + ebx * 4], eax
        ; fall through: the CURRENT slot starts as a copy of what was just read

dump_current:
        mov ebp, TABLE_CURRENT
        call slot_of
        ; fall through

; This vCPU's view into its slot (edi); edi is kept. The generation goes in last, so a slot
; showing a generation is whole for it.
dump_view:
        mov dword [edi], 0x21555043       ; 'CPU!'
        mov eax, [LAPIC_ID]
        shr eax, 24
        mov [edi + 4], eax
        xor eax, eax
        mov [edi + 0x20], eax
        mov [edi + 0x24], eax
        mov [edi + 0x28], eax
        call dump_cpuid
        call dump_registers
        ; fall through

; Publishes the counts and flags kept in the scratch of table edi, then the generation.
publish:
        mov eax, [edi + 0x20]
        mov [edi + 12], eax
        mov eax, [edi + 0x24]
        mov [edi + 16], eax
        mov eax, [edi + 0x28]
        mov [edi + 20], eax
        mov eax, [HDR_GENERATION]
        mov [edi + 8], eax
        ret

; Every CPUID leaf of the basic (to 0x3F at most), hypervisor (0x40000000-0x400000FF) and
; extended (0x80000000-0x800000FF) ranges up to the maximum each range's first leaf gives, with
; the subleaves each leaf defines (see leaf_subleaves). Scratch: [edi + 24] = the range's last leaf.
dump_cpuid:
        xor eax, eax
        xor ecx, ecx
        cpuid
        cmp eax, 0x3F
        jbe .basic_max
        mov eax, 0x3F
.basic_max:
        mov [edi + 24], eax
        xor esi, esi
.basic:
        call leaf_subleaves
        inc esi
        cmp esi, [edi + 24]
        jbe .basic

        mov esi, 0x40000000
        mov eax, esi
        xor ecx, ecx
        cpuid
        sub eax, 0x40000000
        cmp eax, 0xFF                     ; beyond: no hypervisor range (the CPU answers with a basic leaf)
        jbe .hv_max
        xor eax, eax
.hv_max:
        cmp eax, 1
        jae .hv_set
        mov eax, 1                        ; 0x40000000 and 0x40000001 always, as QEMU's own fingerprint does
.hv_set:
        add eax, 0x40000000
        mov [edi + 24], eax
.hypervisor:
        call leaf_subleaves
        inc esi
        cmp esi, [edi + 24]
        jbe .hypervisor

        mov esi, 0x80000000
        mov eax, esi
        xor ecx, ecx
        cpuid
        cmp eax, 0x80000000
        jb .ext_none
        cmp eax, 0x800000FF
        jbe .ext_max
.ext_none:
        mov eax, 0x80000000
.ext_max:
        mov [edi + 24], eax
.extended:
        call leaf_subleaves
        inc esi
        cmp esi, [edi + 24]
        jbe .extended
        ret

; Records leaf esi with every subleaf it defines; [edi + 28] = subleaf 0's EAX (a count for some).
;   4, 0x8000001D: until the cache type (EAX[4:0]) is 0;  0xB, 0x1F, 0x80000026: until the level
;   type (ECX[15:8]) is 0;  7, 0x14, 0x17, 0x18, 0x1D, 0x20, 0x24: 0..subleaf 0's EAX;
;   0xD: all 64;  0x12: 0, 1, then until the type (EAX[3:0]) is 0;  0xF, 0x10, 0x23, 0x80000020:
;   0..3;  any other leaf: subleaf 0. Each at most 64.
leaf_subleaves:
        xor ecx, ecx
.next:
        push ecx
        mov eax, esi
        cpuid
        call put_cpuid
        pop ecx
        test dword [edi + 0x28], 1        ; the slot is full: nothing more of this leaf
        jnz .done
        cmp ecx, 0
        jne .rule
        mov [edi + 28], eax
.rule:
        inc ecx
        cmp ecx, 64
        jae .done
        cmp esi, 4
        je .cache
        cmp esi, 0x8000001D
        je .cache
        cmp esi, 0xB
        je .level
        cmp esi, 0x1F
        je .level
        cmp esi, 0x80000026
        je .level
        cmp esi, 0xD
        je .next
        cmp esi, 0x12
        je .sgx
        cmp esi, 0xF
        je .four
        cmp esi, 0x10
        je .four
        cmp esi, 0x23
        je .four
        cmp esi, 0x80000020
        je .four
        cmp esi, 7
        je .counted
        cmp esi, 0x14
        je .counted
        cmp esi, 0x17
        je .counted
        cmp esi, 0x18
        je .counted
        cmp esi, 0x1D
        je .counted
        cmp esi, 0x20
        je .counted
        cmp esi, 0x24
        je .counted
.done:
        ret
.cache:
        test al, 0x1F
        jnz .next
        ret
.level:
        mov eax, [ebp + SLOT_CPUID + 16]  ; the level type is ECX[15:8] of the entry just stored (ebp)
        test eax, 0xFF00
        jnz .next
        ret
.sgx:
        cmp ecx, 2
        jbe .next
        test al, 0x0F
        jnz .next
        ret
.four:
        cmp ecx, 4
        jb .next
        ret
.counted:
        cmp ecx, [edi + 28]
        jbe .next
        ret

; Stores (esi, subleaf at [esp + 4], eax, ebx, ecx, edx) as the next CPUID entry of slot edi;
; leaves ebp at the entry (minus SLOT_CPUID) and eax as it was.
put_cpuid:
        mov ebp, [edi + 0x20]
        cmp ebp, MAX_CPUID
        jae .full
        imul ebp, ebp, 24
        add ebp, edi
        mov [ebp + SLOT_CPUID], esi
        mov [ebp + SLOT_CPUID + 8], eax
        mov [ebp + SLOT_CPUID + 12], ebx
        mov [ebp + SLOT_CPUID + 16], ecx
        mov [ebp + SLOT_CPUID + 20], edx
        mov ecx, [esp + 4]
        mov [ebp + SLOT_CPUID + 4], ecx
        inc dword [edi + 0x20]
        ret
.full:
        or dword [edi + 0x28], 1
        ret

; Stores (ebx = kind, ecx = index, edx:eax = value) as the next register entry of table edi.
put_reg:
        mov ebp, [edi + 0x24]
        cmp ebp, MAX_REGS
        jae .full
        shl ebp, 4
        add ebp, edi
        mov [ebp + SLOT_REGS], ebx
        mov [ebp + SLOT_REGS + 4], ecx
        mov [ebp + SLOT_REGS + 8], eax
        mov [ebp + SLOT_REGS + 12], edx
        inc dword [edi + 0x24]
        ret
.full:
        or dword [edi + 0x28], 2
        ret

put_nonzero:
        test eax, eax
        jz .skip
        jmp put_reg
.skip:
        ret

; This vCPU's MSRs (each RDMSR guarded: a fault records the MSR as absent), control registers
; and local APIC registers into slot edi.
dump_registers:
        mov esi, LIN(msr_list)
.msr:
        mov ecx, [esi]
        cmp ecx, 0xFFFFFFFF
        je .control
        clc
        rdmsr                             ; gp_isr resumes after it with CF set when it faults
        mov ebx, KIND_MSR
        jnc .present
        mov ebx, KIND_MSR_ABSENT
        xor eax, eax
        xor edx, edx
.present:
        call put_reg
        add esi, 4
        jmp .msr
.control:
        mov ebx, KIND_CR
        xor edx, edx
        mov eax, cr0
        xor ecx, ecx
        call put_reg
        mov eax, cr3
        mov ecx, 3
        call put_reg
        mov eax, cr4
        mov ecx, 4
        call put_reg
        test eax, 1 << 18                 ; CR4.OSXSAVE: XGETBV works
        jz .lapic
        xor ecx, ecx
        xgetbv
        mov ecx, 0x10
        call put_reg
.lapic:
        push esi
        REFUSED_SLOT esi
        mov ebx, KIND_REFUSED
        xor edx, edx
        mov eax, [esi]
        xor ecx, ecx
        call put_nonzero
        mov eax, [esi + 4]
        mov ecx, 4
        call put_nonzero
        mov eax, [esi + 8]
        mov ecx, 0x10
        call put_nonzero
        mov eax, [esi + 12]
        mov ecx, 0xC0000080
        call put_nonzero
        mov eax, [esi + 16]
        mov ecx, 1
        call put_nonzero
        pop esi
        mov esi, LIN(lapic_list)
        mov ebx, KIND_LAPIC
.reg:
        movzx ecx, word [esi]
        cmp ecx, 0xFFFF
        je .done
        mov eax, [LAPIC + ecx]
        xor edx, edx
        call put_reg
        add esi, 2
        jmp .reg
.done:
        ret

; The CPU features an OS turns on where CPUID has them: FXSR/SSE (CR4.OSFXSR, OSXMMEXCPT),
; XSAVE (CR4.OSXSAVE, XCR0 = x87|SSE|AVX as supported), SMEP, SMAP, UMIP; CR0.NE and MP.
; Every enable is guarded: a write the CPU refuses (#GP, or #UD for XSETBV) resumes after it with
; CF set (gp_isr, ud_isr), and the bits it asked for go to this vCPU's REFUSED_TABLE entry, which
; every dump records (KIND_REFUSED). CR4 bits are set one at a time, so a refusal costs only that bit.
enable_features:
        mov eax, cr0
        or eax, (1 << 5) | (1 << 1)       ; NE, MP
        and eax, ~(1 << 2)                ; EM off
        clc
        mov cr0, eax
        jnc .cr0_done
        REFUSED_SLOT edi
        or dword [edi], (1 << 5) | (1 << 1)
.cr0_done:
        mov eax, 1
        cpuid
        mov esi, ecx
        xor ebx, ebx                      ; the CR4 bits wanted
        test edx, 1 << 24
        jz .no_fxsr
        or ebx, 1 << 9
.no_fxsr:
        test edx, 1 << 25
        jz .no_sse
        or ebx, 1 << 10
.no_sse:
        test esi, 1 << 26
        jz .no_xsave
        or ebx, 1 << 18
.no_xsave:
        push ebx
        xor eax, eax
        cpuid
        pop ebx
        cmp eax, 7
        jb .set
        push ebx
        mov eax, 7
        xor ecx, ecx
        cpuid
        mov esi, ebx
        pop ebx
        test esi, 1 << 7
        jz .no_smep
        or ebx, 1 << 20
.no_smep:
        test esi, 1 << 20
        jz .no_smap
        or ebx, 1 << 21
.no_smap:
        test ecx, 1 << 2
        jz .set
        or ebx, 1 << 11
.set:
        xor ecx, ecx                      ; bit index
.bit:
        bt ebx, ecx
        jnc .next
        mov eax, cr4
        bts eax, ecx
        clc
        mov cr4, eax
        jnc .next
        REFUSED_SLOT edi
        bts dword [edi + 4], ecx
.next:
        inc ecx
        cmp ecx, 32
        jb .bit
        mov eax, cr4
        test eax, 1 << 18                 ; OSXSAVE taken: XSETBV exists
        jz .done
        mov eax, 0xD
        xor ecx, ecx
        cpuid
        and eax, 7
        test eax, 2
        jnz .xcr0
        and eax, 1                        ; AVX state needs SSE state
.xcr0:
        or eax, 1
        xor edx, edx
        xor ecx, ecx
        clc
        xsetbv
        jnc .done
        REFUSED_SLOT edi
        mov [edi + 8], eax
.done:
        ret

; summarise_refused: the BSP's refusals, one bit per register, into the header (the harness reads it at boot).
summarise_refused:
        REFUSED_SLOT esi
        xor eax, eax
        xor ecx, ecx
.each:
        cmp dword [esi + ecx * 4], 0
        je .next
        bts eax, ecx
.next:
        inc ecx
        cmp ecx, 5
        jb .each
        mov [HDR_REFUSED], eax
        ret

; The MSRs an OS writes at boot (each WRMSR guarded: what a CPU model lacks is left alone),
; EFER.SCE/NXE where CPUID has SYSCALL/NX, TSC_AUX = APIC ID, and variable MTRR 0 (UC at
; 0xF0000000, 256 MiB) with a mask as wide as the CPU's physical address width.
program_msrs:
        mov esi, LIN(msr_writes)
.write:
        mov ecx, [esi]
        cmp ecx, 0xFFFFFFFF
        je .efer
        mov eax, [esi + 4]
        mov edx, [esi + 8]
        clc
        wrmsr
        add esi, 12
        jmp .write
.efer:
        mov eax, 0x80000000
        cpuid
        cmp eax, 0x80000001
        jb .aux
        mov eax, 0x80000001
        cpuid
        xor ebx, ebx
        test edx, 1 << 11
        jz .no_sce
        or ebx, 1
.no_sce:
        test edx, 1 << 20
        jz .no_nx
        or ebx, 1 << 11
.no_nx:
        mov ecx, 0xC0000080
        clc
        rdmsr
        jc .aux
        or eax, ebx
        clc
        wrmsr
        jnc .aux
        REFUSED_SLOT edi
        mov [edi + 12], ebx
.aux:
        mov eax, [LAPIC_ID]
        shr eax, 24
        xor edx, edx
        mov ecx, 0xC0000103
        clc
        wrmsr
        mov eax, 1
        cpuid
        test edx, 1 << 12                 ; MTRR
        jz .done
        mov edx, [LIN(phys_limit_hi)]
        cmp edx, 0xFFFFFFFF
        je .done
        mov ecx, 0x200
        mov eax, 0xF0000000               ; type 0: UC
        xor edx, edx
        clc
        wrmsr
        mov ecx, 0x201
        mov eax, 0xF0000800               ; valid
        mov edx, [LIN(phys_limit_hi)]
        dec edx
        clc
        wrmsr
.done:
        ret

; The local APIC as an OS leaves it: flat logical destinations, LDR = 1 << APIC ID (for IDs
; below 8), a masked one-shot timer with a count, LINT0 ExtINT on the BSP (masked on APs),
; LINT1 NMI (masked), a masked error vector, divide by 16, TPR 0.
program_lapic:
        mov dword [LAPIC + 0x0E0], 0xFFFFFFFF
        mov eax, [LAPIC_ID]
        shr eax, 24
        mov edx, eax
        cmp eax, 8
        jae .ldr_done
        mov ecx, eax
        mov eax, 1
        shl eax, cl
        shl eax, 24
        mov [LAPIC + 0x0D0], eax
.ldr_done:
        mov dword [LAPIC + 0x080], 0
        mov dword [LAPIC + 0x3E0], 0x3
        mov dword [LAPIC + 0x320], 0x000100EF
        mov dword [LAPIC + 0x380], 0x00ABCDEF
        mov dword [LAPIC + 0x370], 0x000100FE
        mov dword [LAPIC + 0x360], 0x00010400
        mov eax, 0x00010700
        mov ecx, 0x1B
        push edx
        clc
        rdmsr
        pop edx
        jc .lint0
        test eax, 1 << 8                  ; IA32_APIC_BASE.BSP
        mov eax, 0x00010700
        jz .lint0
        mov eax, 0x00000700
.lint0:
        mov [LAPIC + 0x350], eax
        ret

;---------------------------------------------------------------------------------------------
; PCI configuration space through the 0xCF8/0xCFC mechanism. eax = 0x80000000 | dev << 11 |
; fn << 8 | register (bus 0).
pci_read:
        mov dx, 0xCF8
        out dx, eax
        mov dx, 0xCFC
        in eax, dx
        ret

; eax = address (dword aligned), ecx = value
pci_write:
        mov dx, 0xCF8
        out dx, eax
        mov dx, 0xCFC
        mov eax, ecx
        out dx, eax
        ret

; eax = address of the byte, cl = value
pci_write8:
        push eax
        and eax, 0xFFFFFFFC
        mov dx, 0xCF8
        out dx, eax
        pop eax
        and eax, 3
        mov dx, 0xCFC
        add dx, ax
        mov al, cl
        out dx, al
        ret

; The chipset as a BIOS leaves it at boot.
program_platform:
        ; PICs: ICW1-4 (vectors 0x20/0x28, cascade on IRQ 2, 8086 mode), all masked but the cascade
        mov al, 0x11
        out 0x20, al
        out 0xA0, al
        mov al, 0x20
        out 0x21, al
        mov al, 0x28
        out 0xA1, al
        mov al, 4
        out 0x21, al
        mov al, 2
        out 0xA1, al
        mov al, 1
        out 0x21, al
        out 0xA1, al
        mov al, 0xFB
        out 0x21, al
        mov al, 0xFF
        out 0xA1, al
        ; ELCR: IRQ 10 and 11 (the PCI ones below) level-triggered
        xor al, al
        mov dx, 0x4D0
        out dx, al
        mov al, 0x0C
        mov dx, 0x4D1
        out dx, al
        ; PIT: channel 0 rate generator at 18.2 Hz, channel 2 square wave (speaker gate stays off)
        mov al, 0x34
        out 0x43, al
        xor al, al
        out 0x40, al
        out 0x40, al
        mov al, 0xB6
        out 0x43, al
        mov al, 0x33
        out 0x42, al
        mov al, 0x05
        out 0x42, al
        ; CMOS RAM 0x78..0x7F (unused by QEMU): a signature the destination must show
        mov ecx, 0x78
        mov esi, LIN(cmos_signature)
.cmos:
        mov al, cl
        out 0x70, al
        mov al, [esi + ecx - 0x78]
        out 0x71, al
        inc ecx
        cmp ecx, 0x80
        jb .cmos
        call program_pci
        ; ACPI PM1 enable: the power button, as an OS does (the base was set by program_pci)
        mov dx, PM_BASE + 2
        mov ax, 0x0100
        out dx, ax
        ; IOAPIC: every redirection entry masked, vector 0x30 + pin, level for 10/11
        mov eax, 1
        mov [IOAPIC], eax
        mov eax, [IOAPIC + 0x10]
        shr eax, 16
        and eax, 0xFF
        cmp eax, 23
        jbe .pins
        mov eax, 23
.pins:
        mov ebx, eax
        xor ecx, ecx
.pin:
        lea eax, [0x10 + ecx * 2]
        mov [IOAPIC], eax
        lea edx, [0x30 + ecx]
        or edx, 1 << 16
        mov [IOAPIC + 0x10], edx
        inc eax
        mov [IOAPIC], eax
        mov dword [IOAPIC + 0x10], 0
        inc ecx
        cmp ecx, ebx
        jbe .pin
        ; HPET, where it is (QEMU's capabilities name Intel): enabled, counting, no timer armed
        mov eax, [HPET]
        shr eax, 16
        cmp eax, 0x8086
        jne .no_hpet
        mov dword [HPET + 0x10], 1
.no_hpet:
        ret

; Every function on bus 0: BARs sized and placed (I/O from IO_START, memory from MMIO_START),
; I/O and memory decode on, interrupt line 10 or 11; the host bridge's PAM makes 0xC0000-0xFFFFF
; RAM, the ISA bridge routes PIRQs to 10/11, the PM function gets its base and is enabled.
program_pci:
        mov dword [LIN(io_next)], IO_START
        mov dword [LIN(mmio_next)], MMIO_START
        xor esi, esi                      ; dev << 3 | fn
.function:
        mov eax, esi
        shl eax, 8
        or eax, 0x80000000
        mov edi, eax                      ; this function's address
        call pci_read
        cmp ax, 0xFFFF
        je .absent
        mov [LIN(pci_id)], eax
        call program_chipset
        call program_bars
        ; command: I/O and memory decode; interrupt line by device number
        lea eax, [edi + 4]
        call pci_read
        and eax, 0xFFFF
        or eax, 3
        mov ecx, eax
        lea eax, [edi + 4]
        call pci_write
        mov ecx, esi
        shr ecx, 3
        and ecx, 1
        add ecx, 10
        lea eax, [edi + 0x3C]
        call pci_write8
        test esi, 7
        jnz .next
        lea eax, [edi + 0x0C]
        call pci_read
        test eax, 0x00800000              ; header type bit 7: more functions
        jnz .next
        or esi, 7                         ; single-function device: on to the next device
        jmp .next
.absent:
        test esi, 7
        jnz .next
        or esi, 7
.next:
        inc esi
        cmp esi, 256
        jb .function
        ret

; Sizes and places the BARs of function edi (6 for a device, 2 for a bridge).
program_bars:
        lea eax, [edi + 0x0C]
        call pci_read
        shr eax, 16
        and eax, 0x7F
        mov ebx, 0x28                     ; end of the BARs: 0x10..0x24
        cmp eax, 1                        ; a PCI-PCI bridge has two
        jne .bars
        mov ebx, 0x18
.bars:
        mov ecx, 0x10
.bar:
        cmp ecx, ebx
        jae .done
        push ecx
        push ebx
        lea eax, [edi + ecx]
        push eax
        mov ecx, 0xFFFFFFFF
        call pci_write
        mov eax, [esp]
        call pci_read
        mov ebx, eax                      ; size mask and type bits
        pop eax
        test ebx, ebx
        jz .skip
        test ebx, 1
        jnz .io
        ; memory: size = -(mask & ~0xF), placed at the next address aligned to it
        mov ecx, ebx
        and ecx, 0xFFFFFFF0
        neg ecx
        mov edx, [LIN(mmio_next)]
        add edx, ecx
        dec edx
        push ecx
        neg ecx
        and edx, ecx
        pop ecx
        push eax
        lea eax, [edx + ecx]
        cmp eax, MMIO_END
        ja .too_big
        cmp eax, edx
        jbe .too_big                      ; a size of 4 GiB or more wraps
        mov [LIN(mmio_next)], eax
        pop eax
        mov ecx, edx
        call pci_write
        and ebx, 6
        cmp ebx, 4                        ; 64-bit: the next BAR holds the high half
        jne .next
        pop ebx
        pop ecx
        add ecx, 4
        push ecx
        push ebx
        lea eax, [edi + ecx]
        xor ecx, ecx
        call pci_write
        jmp .next
.too_big:
        pop eax
        xor ecx, ecx
        call pci_write
        jmp .next
.io:
        mov ecx, ebx
        and ecx, 0xFFFFFFFC
        or ecx, 0xFFFF0000
        neg ecx                           ; size
        mov edx, [LIN(io_next)]
        add edx, ecx
        dec edx
        push ecx
        neg ecx
        and edx, ecx
        pop ecx
        push eax
        lea eax, [edx + ecx]
        cmp eax, 0x10000
        ja .io_full
        mov [LIN(io_next)], eax
        pop eax
        mov ecx, edx
        call pci_write
        jmp .next
.io_full:
        pop eax
.skip:
        xor ecx, ecx
        call pci_write
.next:
        pop ebx
        pop ecx
        add ecx, 4
        jmp .bar
.done:
        ret

; Chipset registers of function edi by its vendor:device ([pci_id]).
program_chipset:
        mov eax, [LIN(pci_id)]
        cmp eax, 0x29C08086               ; q35 MCH: PAM0-6 at 0x90
        jne .i440fx
        mov ebx, 0x90
        jmp .pam
.i440fx:
        cmp eax, 0x12378086               ; i440FX: PAM0-6 at 0x59
        jne .lpc
        mov ebx, 0x59
.pam:
        lea eax, [edi + ebx]
        mov cl, 0x30                      ; PAM0: 0xF0000 read/write RAM
        call pci_write8
        mov esi, 1
.pam_next:
        lea eax, [edi + ebx]
        add eax, esi
        mov cl, 0x33
        push esi
        call pci_write8
        pop esi
        inc esi
        cmp esi, 7
        jb .pam_next
        mov esi, edi
        shr esi, 8
        and esi, 0xFF
        ret
.lpc:
        cmp eax, 0x29188086               ; ICH9 LPC: PMBASE, ACPI enable, PIRQ A-H, RCBA
        jne .piix3
        lea eax, [edi + 0x40]
        mov ecx, PM_BASE | 1
        call pci_write
        lea eax, [edi + 0x44]
        mov cl, 0x80
        call pci_write8
        lea eax, [edi + 0x60]
        mov ecx, 0x0B0B0A0A
        call pci_write
        lea eax, [edi + 0x68]
        mov ecx, 0x0B0B0A0A
        call pci_write
        lea eax, [edi + 0xF0]
        mov ecx, 0xFED1C001
        call pci_write
        ret
.piix3:
        cmp eax, 0x70008086               ; PIIX3 ISA bridge: PIRQ A-D
        jne .piix4
        lea eax, [edi + 0x60]
        mov ecx, 0x0B0B0A0A
        call pci_write
        ret
.piix4:
        cmp eax, 0x71138086               ; PIIX4 PM: PMBA, PM I/O enable
        jne .smbus
        lea eax, [edi + 0x40]
        mov ecx, PM_BASE | 1
        call pci_write
        lea eax, [edi + 0x80]
        mov cl, 1
        call pci_write8
        ret
.smbus:
        cmp eax, 0x29308086               ; ICH9 SMBus: host enable
        jne .done
        lea eax, [edi + 0x40]
        mov cl, 1
        call pci_write8
.done:
        ret

;---------------------------------------------------------------------------------------------
; The platform into table edi (BSP only); the generation goes in last.
dump_platform:
        mov dword [edi], 0x21544C50       ; 'PLT!'
        xor eax, eax
        mov [edi + 4], eax
        mov [edi + 0x20], eax
        mov [edi + 0x24], eax
        mov [edi + 0x28], eax
        ; CMOS RAM past the clock and status registers (0x0A-0x0D: reading C clears its flags)
        mov ebx, KIND_CMOS
        mov ecx, 0x0E
.cmos:
        mov al, cl
        out 0x70, al
        in al, 0x71
        movzx eax, al
        xor edx, edx
        call put_reg
        inc ecx
        cmp ecx, 0x80
        jb .cmos
        ; fixed ports: (port, width in bytes)
        mov esi, LIN(port_list)
.port:
        movzx ecx, word [esi]
        cmp ecx, 0xFFFF
        je .pit
        mov dx, cx
        xor eax, eax
        cmp byte [esi + 2], 2
        je .io16
        ja .io32
        in al, dx
        mov ebx, KIND_IO8
        jmp .port_put
.io16:
        in ax, dx
        mov ebx, KIND_IO16
        jmp .port_put
.io32:
        in eax, dx
        mov ebx, KIND_IO32
.port_put:
        xor edx, edx
        call put_reg
        add esi, 4
        jmp .port
.pit:
        ; read-back of each channel's status, without its output and null-count bits (they move)
        mov ebx, KIND_PIT
        xor ecx, ecx
.channel:
        mov al, 0xE0
        mov ah, 2
        shl ah, cl
        or al, ah
        out 0x43, al
        mov dx, 0x40
        add dx, cx
        in al, dx
        and eax, 0x3F
        xor edx, edx
        call put_reg
        inc ecx
        cmp ecx, 3
        jb .channel
        ; IOAPIC: ID, version, arbitration, every redirection entry
        mov ebx, KIND_IOAPIC
        mov dword [IOAPIC], 1
        mov esi, [IOAPIC + 0x10]
        shr esi, 16
        and esi, 0xFF
        cmp esi, 23
        jbe .ioapic_pins
        mov esi, 23
.ioapic_pins:
        lea esi, [0x11 + esi * 2]         ; last register
        xor ecx, ecx
.ioapic:
        mov [IOAPIC], ecx
        mov eax, [IOAPIC + 0x10]
        xor edx, edx
        call put_reg
        inc ecx
        cmp ecx, 3
        jne .ioapic_same
        mov ecx, 0x10
.ioapic_same:
        cmp ecx, esi
        jbe .ioapic
        ; HPET: capabilities, configuration, timers 0-2 configuration (not the counter: it moves)
        mov ebx, KIND_HPET
        mov esi, LIN(hpet_list)
.hpet:
        movzx ecx, word [esi]
        cmp ecx, 0xFFFF
        je .fw_cfg
        mov eax, [HPET + ecx]
        xor edx, edx
        call put_reg
        add esi, 2
        jmp .hpet
.fw_cfg:
        ; fw_cfg signature (key 0) and feature bits (key 1)
        mov ebx, KIND_FWCFG
        xor ecx, ecx
.key:
        mov dx, FW_CFG_SEL
        mov ax, cx
        out dx, ax
        mov dx, FW_CFG_DATA
        in al, dx
        mov ah, al
        in al, dx
        shl eax, 16
        in al, dx
        mov ah, al
        in al, dx
        xor edx, edx
        call put_reg
        inc ecx
        cmp ecx, 2
        jb .key
        ; every PCI function on bus 0, whole configuration space
        xor esi, esi
.pci:
        mov eax, esi
        shl eax, 8
        or eax, 0x80000000
        call pci_read
        cmp ax, 0xFFFF
        je .pci_absent
        mov ebx, [edi + 0x20]
        cmp ebx, MAX_PCI
        jae .pci_full
        imul ebx, ebx, PCI_RECORD
        add ebx, edi
        add ebx, PLAT_PCI
        mov [ebx], esi
        xor ecx, ecx
.dword:
        mov eax, esi
        shl eax, 8
        or eax, 0x80000000
        or eax, ecx
        call pci_read
        mov [ebx + 4 + ecx], eax
        add ecx, 4
        cmp ecx, 256
        jb .dword
        inc dword [edi + 0x20]
        test esi, 7
        jnz .pci_next
        mov eax, [ebx + 4 + 0x0C]
        test eax, 0x00800000
        jnz .pci_next
        or esi, 7
        jmp .pci_next
.pci_full:
        or dword [edi + 0x28], 1
        jmp .pci_next
.pci_absent:
        test esi, 7
        jnz .pci_next
        or esi, 7
.pci_next:
        inc esi
        cmp esi, 256
        jb .pci
        jmp publish

;---------------------------------------------------------------------------------------------
; #GP: after a guarded RDMSR or WRMSR (0F 32 / 0F 30), MOV to a control register (0F 22 /r, three
; bytes in 32-bit code) or XSETBV (0F 01 D1), resume after it with CF set (no IRET: IF is already
; clear wherever these run, and this keeps the path IRET-free as the ISRs are). Anywhere else the
; fault is recorded in the header and the vCPU stops.
gp_isr:
        push eax
        mov eax, [esp + 8]                ; EIP (above the error code)
        cmp word [eax], 0x320F
        je .guarded
        cmp word [eax], 0x300F
        je .guarded
        cmp word [eax], 0x220F
        je .guarded3
        cmp word [eax], 0x010F
        jne .unexpected
        cmp byte [eax + 2], 0xD1
        je .guarded3
.unexpected:
        mov dword [HDR_FAULT_VEC], 13 + 1
        mov [HDR_FAULT_EIP], eax
        jmp stop_here
.guarded3:
        inc eax
.guarded:
        add eax, 2
        mov [esp + 8], eax
        pop eax
        add esp, 4                        ; the error code
        stc
        ret 8                             ; past the instruction, dropping CS and EFLAGS

; #UD: XSETBV where the CPU does not take it is a refused enable like a #GP; anything else stops.
ud_isr:
        push eax
        mov eax, [esp + 4]                ; EIP (no error code)
        cmp word [eax], 0x010F
        jne .unexpected
        cmp byte [eax + 2], 0xD1
        jne .unexpected
        add eax, 3
        mov [esp + 4], eax
        pop eax
        stc
        ret 8
.unexpected:
        mov dword [HDR_FAULT_VEC], 6 + 1
        mov [HDR_FAULT_EIP], eax
stop_here:
        cli
        hlt
        jmp stop_here

;---------------------------------------------------------------------------------------------
; RAM discovery: e820 RAM ranges (from fw_cfg) and enabled DIMMs (from the hot-plug registers)
; go to RANGES (clipped to start at LOW_LIMIT); then TARGETS lists pages across them.
find_ram:
        xor ebp, ebp                      ; ranges found
        ; fw_cfg file directory (key 0x19): big-endian count, then 64-byte entries
        mov dx, FW_CFG_SEL
        mov ax, 0x19
        out dx, ax
        mov dx, FW_CFG_DATA
        mov edi, SCRATCH
        mov ecx, 4
        rep insb
        mov ecx, [SCRATCH]
        bswap ecx
        cmp ecx, 4096                     ; no fw_cfg reads as all ones
        ja .dimms
        test ecx, ecx
        jz .dimms
.file:
        push ecx
        mov dx, FW_CFG_DATA
        mov edi, SCRATCH
        mov ecx, 64
        rep insb
        mov esi, LIN(e820_name)
        mov edi, SCRATCH + 8
        mov ecx, 9
        repe cmpsb
        pop ecx
        je .e820
        dec ecx
        jnz .file
        jmp .dimms
.e820:
        mov ecx, [SCRATCH]
        bswap ecx                         ; file size
        cmp ecx, 64 * 20
        jbe .size_ok
        mov ecx, 64 * 20
.size_ok:
        mov ax, [SCRATCH + 4]
        xchg al, ah                       ; its selector, big-endian
        mov dx, FW_CFG_SEL
        out dx, ax
        push ecx
        mov dx, FW_CFG_DATA
        mov edi, E820_BUF
        rep insb
        pop eax
        xor edx, edx
        mov ecx, 20
        div ecx                           ; entries
        mov ecx, eax
        mov esi, E820_BUF
        test ecx, ecx
        jz .dimms
.entry:
        cmp dword [esi + 16], 1           ; type 1: RAM
        jne .next_entry
        mov eax, [esi]
        mov edx, [esi + 4]
        mov ebx, [esi + 8]
        mov edi, [esi + 12]
        call add_range
.next_entry:
        add esi, 20
        dec ecx
        jnz .entry
.dimms:
        ; Slot selector at MEM_HP; an invalid slot keeps the last selection, so a repeat ends the walk.
        xor ecx, ecx
        xor esi, esi                      ; last base seen (low dword)
.slot:
        mov dx, MEM_HP
        mov eax, ecx
        out dx, eax
        mov dx, MEM_HP + 0x14
        in al, dx
        cmp al, 0xFF                      ; no hot-plug registers here
        je .done
        test al, 1
        jz .next_slot
        mov dx, MEM_HP
        in eax, dx
        cmp eax, esi
        je .done
        mov esi, eax
        push eax
        mov dx, MEM_HP + 4
        in eax, dx
        mov edx, eax
        push edx
        mov dx, MEM_HP + 8
        in eax, dx
        mov ebx, eax
        mov dx, MEM_HP + 0xC
        in eax, dx
        mov edi, eax
        pop edx
        pop eax
        push ecx
        push esi
        call add_range
        inc dword [HDR_DIMMS]
        pop esi
        pop ecx
.next_slot:
        inc ecx
        cmp ecx, 256
        jb .slot
.done:
        mov [RANGES - 4], ebp             ; range count, just before the list
        jmp make_targets

; add_range: edx:eax = start, edi:ebx = length; clips below LOW_LIMIT; ebp = ranges so far.
add_range:
        cmp ebp, MAX_RANGES
        jae .skip
        test edx, edx
        jnz .keep
        cmp eax, LOW_LIMIT
        jae .keep
        ; end = start + length; the part below LOW_LIMIT is dropped
        push eax
        add eax, ebx
        push edx
        adc edx, edi
        test edx, edx
        jnz .clip
        cmp eax, LOW_LIMIT
        ja .clip
        pop edx
        pop eax
        jmp .skip
.clip:
        sub eax, LOW_LIMIT
        sbb edx, 0
        mov ebx, eax
        mov edi, edx                      ; new length = end - LOW_LIMIT
        pop edx
        pop eax
        mov eax, LOW_LIMIT
        xor edx, edx
.keep:
        push ebp
        shl ebp, 4
        mov [RANGES + ebp], eax
        mov [RANGES + ebp + 4], edx
        mov [RANGES + ebp + 8], ebx
        mov [RANGES + ebp + 12], edi
        pop ebp
        inc ebp
.skip:
        ret

; make_targets: a stride (in 2 MiB units, from 64 MiB doubling) that keeps the list within
; MAX_TARGETS, then one page per stride from each range's start and the range's last page.
make_targets:
        mov ebx, 32
.try:
        xor ecx, ecx                      ; pages this stride gives
        xor esi, esi
.count:
        cmp esi, [RANGES - 4]
        jae .counted
        mov edi, esi
        shl edi, 4
        mov eax, [RANGES + edi + 8]
        mov edx, [RANGES + edi + 12]
        shrd eax, edx, 21                 ; length in 2 MiB units
        xor edx, edx
        div ebx
        lea ecx, [ecx + eax + 2]
        inc esi
        jmp .count
.counted:
        cmp ecx, MAX_TARGETS
        jbe .fill
        shl ebx, 1
        jmp .try
.fill:
        mov [HDR_STRIDE], ebx
        xor ecx, ecx                      ; targets written
        xor esi, esi                      ; range index
.range:
        cmp esi, [RANGES - 4]
        jae .filled
        mov edi, esi
        shl edi, 4
        push esi
        xor esi, esi                      ; offset in 2 MiB units
.step:
        mov eax, [RANGES + edi + 8]
        mov edx, [RANGES + edi + 12]
        shrd eax, edx, 21
        cmp esi, eax
        jae .last
        mov eax, esi
        mov edx, esi
        shl eax, 21
        shr edx, 11
        add eax, [RANGES + edi]
        adc edx, [RANGES + edi + 4]
        call add_target
        add esi, ebx
        jmp .step
.last:
        mov eax, [RANGES + edi]
        mov edx, [RANGES + edi + 4]
        add eax, [RANGES + edi + 8]
        adc edx, [RANGES + edi + 12]
        sub eax, 4096
        sbb edx, 0
        call add_target
        pop esi
        inc esi
        jmp .range
.filled:
        ret

; add_target: edx:eax = page address; kept only if within this CPU's physical address width.
add_target:
        cmp ecx, MAX_TARGETS
        jae .full
        cmp edx, [LIN(phys_limit_hi)]
        jae .full
        mov [TARGETS + 4 + ecx * 8], eax
        mov [TARGETS + 8 + ecx * 8], edx
        inc ecx
        mov [HDR_TARGETS], ecx
        mov [TARGETS], ecx
.full:
        ret

; setup_paging: PAE tables mapping the first 4 GiB 1:1 with 2 MiB pages, the window area
; re-pointed per write. Without PAE there is no window: the targets stay unwritten (and say so).
setup_paging:
        mov eax, 1
        cpuid
        test edx, 1 << 6                  ; CPUID.1:EDX.PAE
        jz .none
        ; physical address width: CPUID.80000008:EAX[7:0] where it exists, else 36
        mov dword [LIN(phys_limit_hi)], 1 << (36 - 32)
        mov eax, 0x80000000
        cpuid
        cmp eax, 0x80000008
        jb .width
        mov eax, 0x80000008
        cpuid
        and eax, 0xFF
        cmp eax, 32
        jbe .none
        cmp eax, 52
        jbe .bits
        mov eax, 52
.bits:
        lea ecx, [eax - 32]
        mov eax, 1
        shl eax, cl
        mov [LIN(phys_limit_hi)], eax
.width:
        ; drop targets past the address width (they were listed before the width was known)
        mov ecx, [TARGETS]
        xor esi, esi
        xor edi, edi
.filter:
        cmp esi, ecx
        jae .filtered
        mov eax, [TARGETS + 8 + esi * 8]
        cmp eax, [LIN(phys_limit_hi)]
        jae .drop
        mov edx, [TARGETS + 4 + esi * 8]
        mov [TARGETS + 4 + edi * 8], edx
        mov [TARGETS + 8 + edi * 8], eax
        inc edi
.drop:
        inc esi
        jmp .filter
.filtered:
        mov [TARGETS], edi
        mov [HDR_TARGETS], edi
        ; Paging only where it is needed: every target below 4 GiB is written directly, paging off.
        xor esi, esi
.high:
        cmp esi, edi
        jae .direct
        cmp dword [TARGETS + 8 + esi * 8], 0
        jne .tables
        inc esi
        jmp .high
.direct:
        mov dword [HDR_PAGING], 2
        ret
.tables:
        ; PDPT: four present entries; page directories: 2048 identity 2 MiB pages
        mov edi, PDPT
        mov eax, PD_BASE | 1
        mov ecx, 4
.pdpt:
        mov [edi], eax
        mov dword [edi + 4], 0
        add eax, 0x1000
        add edi, 8
        loop .pdpt
        mov edi, PD_BASE
        mov eax, 0x83                     ; present, writable, 2 MiB
        mov ecx, 2048
.pd:
        mov [edi], eax
        mov dword [edi + 4], 0
        add eax, 0x200000
        add edi, 8
        loop .pd
        mov dword [HDR_PAGING], 1
        call enable_paging
        jnc .on
        mov dword [HDR_PAGING], 0         ; refused on the BSP: no windows, the targets stay unwritten (and say so)
.on:
        ret
.none:
        mov dword [TARGETS], 0
        mov dword [HDR_TARGETS], 0
        ret

; enable_paging: turns on the PAE tables once they are ready (BSP and every AP), guarded: CF set
; (and the refusal recorded) when the CPU refuses CR4.PAE or CR0.PG.
enable_paging:
        cmp dword [HDR_PAGING], 1
        jne .off
        mov eax, PDPT
        mov cr3, eax
        mov eax, cr4
        or eax, 1 << 5                    ; PAE
        clc
        mov cr4, eax
        jc .refused
        mov eax, cr0
        or eax, 1 << 31                   ; PG
        clc
        mov cr0, eax
        jc .refused
.off:
        clc
        ret
.refused:
        REFUSED_SLOT eax
        mov dword [eax + 16], 1
        stc
        ret

; write_targets: writer ecx writes ebx into every target i with i mod writers = ecx, where
; writers = min(vCPUs, MAX_WRITERS); each page through the writer's own 2 MiB window.
write_targets:
        cmp dword [HDR_PAGING], 0
        je .out
        mov eax, [HDR_CPUS]
        cmp eax, MAX_WRITERS
        jbe .writers
        mov eax, MAX_WRITERS
.writers:
        test eax, eax
        jz .out
        cmp ecx, eax
        jae .out
        mov ebp, eax                      ; writers
        cmp dword [HDR_PAGING], 2
        je .direct
        mov edx, ecx
        shl edx, 3
        lea edi, [WINDOW_PD + edx]        ; this writer's PDE
        mov esi, ecx
        shl esi, 21
        add esi, WINDOW_BASE              ; and its window
.each:
        cmp ecx, [TARGETS]
        jae .out
        mov eax, [TARGETS + 8 + ecx * 8]
        mov [edi + 4], eax
        mov eax, [TARGETS + 4 + ecx * 8]
        mov edx, eax
        and eax, 0xFFE00000
        or eax, 0x83
        mov [edi], eax
        invlpg [esi]
        and edx, 0x1FF000
        mov [esi + edx], ebx
        add ecx, ebp
        jmp .each
.direct:
        ; every target below 4 GiB: written where it is, paging off
        cmp ecx, [TARGETS]
        jae .out
        mov eax, [TARGETS + 4 + ecx * 8]
        mov [eax], ebx
        add ecx, ebp
        jmp .direct
.out:
        ret

; A short wait between INIT and SIPIs (KVM delivers them in order and needs no real delay; on
; hardware-speed vCPUs this is ~0.2 ms, on slow nested ones ~0.2 s). No PAUSE: under nested KVM
; every PAUSE may exit to the host.
delay:
        mov ecx, 200000
.spin:
        dec ecx
        jnz .spin
        ret

        align 4
phys_limit_hi:  dd 0xFFFFFFFF             ; targets need their address's high dword below this (set by setup_paging)
e820_name:      db "etc/e820", 0

        align 4
io_next:        dd 0                      ; the BAR allocator's next I/O port
mmio_next:      dd 0                      ; and next memory address
pci_id:         dd 0                      ; vendor:device of the function being programmed
cmos_signature: db "MHGUEST1"             ; written to CMOS RAM 0x78..0x7F

; MSRs every vCPU reads (architectural, Intel, AMD, KVM and Hyper-V ones); 0xFFFFFFFF ends the
; list. Left out on purpose: those that move on their own (TSC, APERF/MPERF, SMI count,
; performance counters, Hyper-V's reference time).
msr_list:
        dd 0x1B, 0x3A, 0x3B, 0x48, 0x8B, 0xCE, 0xCF, 0xE1, 0xFE, 0x10A, 0x140
        dd 0x174, 0x175, 0x176, 0x179, 0x17A, 0x17B, 0x1A0, 0x1C4, 0x1D9
        dd 0x200, 0x201, 0x202, 0x203, 0x204, 0x205, 0x206, 0x207
        dd 0x208, 0x209, 0x20A, 0x20B, 0x20C, 0x20D, 0x20E, 0x20F
        dd 0x250, 0x258, 0x259, 0x268, 0x269, 0x26A, 0x26B, 0x26C, 0x26D, 0x26E, 0x26F
        dd 0x277, 0x2FF, 0x345, 0x38D, 0x38F
        dd 0x400, 0x401, 0x402, 0x403, 0x404, 0x405, 0x406, 0x407, 0x408, 0x409, 0x40A, 0x40B
        dd 0x40C, 0x40D, 0x40E, 0x40F, 0x410, 0x411, 0x412, 0x413, 0x414, 0x415, 0x416, 0x417
        dd 0x418, 0x419, 0x41A, 0x41B, 0x41C, 0x41D, 0x41E, 0x41F, 0x420, 0x421, 0x422, 0x423
        dd 0x424, 0x425, 0x426, 0x427
        dd 0x480, 0x481, 0x482, 0x483, 0x484, 0x485, 0x486, 0x487, 0x488, 0x489, 0x48A, 0x48B
        dd 0x48C, 0x48D, 0x48E, 0x48F, 0x490, 0x491
        dd 0x6E0, 0xD90, 0xDA0
        dd 0xC0000080, 0xC0000081, 0xC0000082, 0xC0000083, 0xC0000084
        dd 0xC0000100, 0xC0000101, 0xC0000102, 0xC0000103
        dd 0xC0010010, 0xC0010015, 0xC0010114, 0xC0010117, 0xC001011F, 0xC0010140, 0xC0010141, 0xC0011029
        dd 0x11, 0x12, 0x4B564D00, 0x4B564D01, 0x4B564D02, 0x4B564D03, 0x4B564D04, 0x4B564D05
        dd 0x4B564D06, 0x4B564D07, 0x4B564D08
        dd 0x40000000, 0x40000001, 0x40000002, 0x40000080, 0x40000081, 0x40000082, 0x40000083, 0x40000090
        dd 0xFFFFFFFF

; MSRs every vCPU writes at boot: (index, low, high); 0xFFFFFFFF ends the list.
msr_writes:
        dd 0x277, 0x00070406, 0x00070106          ; PAT: WC in entry 5
        dd 0x174, 0x10, 0                         ; SYSENTER_CS
        dd 0x175, 0x7000, 0                       ; SYSENTER_ESP
        dd 0x176, 0x20000, 0                      ; SYSENTER_EIP
        dd 0xC0000081, 0, 0x00230010              ; STAR
        dd 0xC0000082, 0x81000000, 0xFFFFFFFF     ; LSTAR (canonical)
        dd 0xC0000083, 0x82000000, 0xFFFFFFFF     ; CSTAR
        dd 0xC0000084, 0x00047700, 0              ; SFMASK
        dd 0xC0000102, 0x00001000, 0xFFFF8880     ; KERNEL_GS_BASE
        dd 0x250, 0x06060606, 0x06060606          ; fixed MTRR 64K_00000: WB
        dd 0x268, 0x05050505, 0x05050505          ; fixed MTRR 4K_C0000: WP
        dd 0x17B, 0xFFFFFFFF, 0xFFFFFFFF          ; MCG_CTL: all banks
        dd 0x400, 0xFFFFFFFF, 0xFFFFFFFF          ; MCi_CTL, banks 0-9: all errors reported
        dd 0x404, 0xFFFFFFFF, 0xFFFFFFFF
        dd 0x408, 0xFFFFFFFF, 0xFFFFFFFF
        dd 0x40C, 0xFFFFFFFF, 0xFFFFFFFF
        dd 0x410, 0xFFFFFFFF, 0xFFFFFFFF
        dd 0x414, 0xFFFFFFFF, 0xFFFFFFFF
        dd 0x418, 0xFFFFFFFF, 0xFFFFFFFF
        dd 0x41C, 0xFFFFFFFF, 0xFFFFFFFF
        dd 0x420, 0xFFFFFFFF, 0xFFFFFFFF
        dd 0x424, 0xFFFFFFFF, 0xFFFFFFFF
        dd 0x40000000, 0x00000001, 0x81000000     ; Hyper-V guest OS ID (open source)
        dd 0xFFFFFFFF

lapic_list:     ; local APIC registers every vCPU reads (not the current count: it moves)
        dw 0x020, 0x030, 0x080, 0x0D0, 0x0E0, 0x0F0, 0x320, 0x330, 0x340, 0x350, 0x360, 0x370, 0x380, 0x3E0, 0xFFFF

        align 4
port_list:      ; (port, width in bytes): PIC masks, ELCR, port 92, ACPI PM1 enable/control, ICH9 and PIIX4 GPE0 enables
        dw 0x21
        db 1, 0
        dw 0xA1
        db 1, 0
        dw 0x4D0
        db 1, 0
        dw 0x4D1
        db 1, 0
        dw 0x92
        db 1, 0
        dw PM_BASE + 2
        db 2, 0
        dw PM_BASE + 4
        db 2, 0
        dw PM_BASE + 0x28
        db 4, 0
        dw PM_BASE + 0x2C
        db 4, 0
        dw 0xAFE2
        db 2, 0
        dw 0xFFFF, 0

hpet_list:      ; HPET registers by offset (not the main counter or the interrupt status: they move)
        dw 0x000, 0x004, 0x010, 0x100, 0x104, 0x120, 0x124, 0x140, 0x144, 0xFFFF

code_end:

        bits 16
; Runs from the ROM: copy everything above to RAM_BASE, continue there.
rom_start:
        cli
        cld
        mov eax, cr0                      ; caches on before copying (CD and NW are set at reset)
        and eax, 0x9FFFFFFF
        mov cr0, eax
        mov ax, 0xF000
        mov ds, ax
        xor si, si
        mov ax, RAM_BASE >> 4
        mov es, ax
        xor di, di
        mov cx, (code_end - $$ + 1) / 2
        rep movsw
        jmp (RAM_BASE >> 4):bsp_entry

        times 0xFFF0 - ($ - $$) db 0
reset_vector:                             ; physical 0xFFFFFFF0: the first instruction of the BSP
        jmp 0xF000:rom_start
        times 0x10000 - ($ - $$) db 0
