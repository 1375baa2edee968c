; MigrationHarness guest: a 64 KiB firmware image (-bios) that needs no OS.
;
; What it does, so the harness can judge a migration from inside the guest:
;  * every vCPU present at start (the BSP, and the APs it wakes with INIT-SIPI-SIPI) executes
;    CPUID for the leaves that describe the machine and stores the results in RAM, in a slot
;    indexed by its APIC ID: once at boot (INITIAL table) and again on every refresh (CURRENT);
;  * the BSP then loops forever: it writes the next pass number into the first dword of every
;    page of a RAM range, page by page in address order, then stores the pass number in the
;    header; every REFRESH_PASSES passes it re-reads CPUID and asks the APs (IPI, vector 0x40)
;    to do the same;
;  * it also finds all of its RAM as an OS would: the RAM ranges of the e820 map QEMU gives over
;    fw_cfg ("etc/e820", every NUMA node's memory lies in them) and the DIMMs the ACPI memory
;    hot-plug registers (I/O 0x0A00) report, and lists pages across all of it (one every stride,
;    and each range's last page) in the TARGETS table; with PAE paging (a 2 MiB window per
;    writer, re-pointed for each page) up to four vCPUs keep writing those pages, the BSP every
;    pass and the first three APs on every refresh IPI.
; The harness compares what the stopped source sent with what the paused destination holds,
; page by page, over every page listed here: exact whatever order or how many vCPUs wrote.
;
; The image is a ROM, and fetching code from the ROM region may be emulated instruction by
; instruction (it is on nested KVM), so the reset vector only copies the code to RAM at
; RAM_BASE and runs it there; APs start there too (SIPI vector RAM_BASE >> 12).
;
; Layout of guest RAM (all below 16 MiB, present in every config):
;   0x008000 header (see HDR_*), 0x009000 IDT, 0x020000 code, 0x060000..0x070000 AP stacks, 0x007000 BSP stack top
;   0x100000 INITIAL CPUID table, 0x140000 CURRENT CPUID table (256 slots x 1 KiB, by APIC ID)
;   0x180000 TARGETS (count, then 64-bit page addresses), 0x181000 RAM ranges, 0x182000 fw_cfg
;   scratch, 0x183000 writer index by APIC ID, 0x184000 PAE PDPT, 0x185000..0x189000 page directories
;   0x400000..0x600000 dirtied range (512 pages)
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

%define TARGETS         0x180000
%define MAX_TARGETS     120               ; each is one QMP read per side per hop for the harness
%define RANGES          0x181000          ; (start lo, start hi, length lo, length hi) per RAM range
%define MAX_RANGES      64
%define SCRATCH         0x182000
%define E820_BUF        0x182100          ; up to 64 entries of 20 bytes
%define INDEX_TABLE     0x183000          ; writer index (arrival order) by APIC ID
%define PDPT            0x184000
%define PD_BASE         0x185000          ; four page directories, 4 KiB each
%define WINDOW_PD       (PD_BASE + 3 * 0x1000)
%define WINDOW_BASE     0xC0000000        ; writer w maps its target page at WINDOW_BASE + w * 2 MiB
%define MAX_WRITERS     4
%define LOW_LIMIT       0x1000000         ; RAM below 16 MiB holds the guest's own tables and is read whole
%define FW_CFG_SEL      0x510
%define FW_CFG_DATA     0x511
%define MEM_HP          0x0A00            ; ACPI memory hot-plug registers (docs/specs/acpi_mem_hotplug.rst)

%define IDT_BASE        0x9000
%define TABLE_INITIAL   0x100000
%define TABLE_CURRENT   0x140000
%define SLOT_SIZE       1024
%define DIRTY_START     0x400000
%define DIRTY_END       0x600000          ; 512 pages: on nested KVM each first write to a page costs ~0.5 ms
%define REFRESH_PASSES  16                ; without a TSC: refresh CPUID every this many passes
%define REFRESH_CYCLES  0x4000000         ; with a TSC: refresh when it advanced this much (~25 ms)

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
        lidt [LIN(idt_desc)]

        mov dword [LAPIC_SVR], 0x1FF      ; software-enable the local APIC, spurious vector 0xFF
        mov dword [HDR_TARGETS], 0
        mov dword [HDR_PAGING], 0
        mov dword [HDR_DIMMS], 0
        call find_ram
        call setup_paging
        call dump_initial

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
        mov edi, TABLE_CURRENT
        call dump_current
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
        call dump
        mov ebx, [edi + 4]                ; APIC ID
        mov eax, 1
        lock xadd [HDR_CPUS], eax         ; arrival order: the writer index
        mov [INDEX_TABLE + ebx * 4], eax
        mov ebp, TABLE_CURRENT
        call slot_of
        jmp dump

dump_current:
        mov ebp, TABLE_CURRENT
        call slot_of
        ; fall through

; Slot format: 'CPU!', APIC ID, generation, entry count, then entries of
; (leaf, subleaf, eax, ebx, ecx, edx), 24 bytes each.
dump:
        mov dword [edi], 0x21555043       ; 'CPU!'
        mov ebx, [LAPIC_ID]
        shr ebx, 24
        mov [edi + 4], ebx
        mov eax, [HDR_GENERATION]
        mov [edi + 8], eax
        mov esi, LIN(leaves)
        lea ebx, [edi + 16]
        xor edx, edx
        mov [edi + 12], edx
.next:
        mov eax, [cs:esi]
        cmp eax, 0xFFFFFFFF
        je .done
        mov ecx, [cs:esi + 4]
        push edi
        push ebx
        push esi
        mov [ebx], eax
        mov [ebx + 4], ecx
        cpuid
        mov esi, [esp + 4]                ; the entry being filled
        mov [esi + 8], eax
        mov [esi + 12], ebx
        mov [esi + 16], ecx
        mov [esi + 20], edx
        pop esi
        pop ebx
        pop edi
        add ebx, 24
        inc dword [edi + 12]
        add esi, 8
        jmp .next
.done:
        ret

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
        jmp enable_paging
.none:
        mov dword [TARGETS], 0
        mov dword [HDR_TARGETS], 0
        ret

; enable_paging: turns on the PAE tables once they are ready (BSP and every AP).
enable_paging:
        cmp dword [HDR_PAGING], 1
        jne .off
        mov eax, PDPT
        mov cr3, eax
        mov eax, cr4
        or eax, 1 << 5                    ; PAE
        mov cr4, eax
        mov eax, cr0
        or eax, 1 << 31                   ; PG
        mov cr0, eax
.off:
        ret

; write_targets: writer ecx writes ebx into every target i with i mod writers = ecx, where
; writers = min(vCPUs, MAX_WRITERS); each page through the writer's own 2 MiB window.
write_targets:
        cmp dword [HDR_PAGING], 1
        jne .out
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
leaves: ; (leaf, subleaf) pairs the guest reads; 0xFFFFFFFF ends the list
        dd 0x00000000, 0,  0x00000001, 0,  0x00000004, 0,  0x00000004, 1,  0x00000004, 2,  0x00000004, 3
        dd 0x00000006, 0,  0x00000007, 0,  0x00000007, 1,  0x0000000A, 0
        dd 0x0000000B, 0,  0x0000000B, 1,  0x0000000B, 2,  0x0000000D, 0,  0x0000000D, 1
        dd 0x0000001F, 0,  0x0000001F, 1,  0x0000001F, 2
        dd 0x40000000, 0,  0x40000001, 0
        dd 0x80000000, 0,  0x80000001, 0,  0x80000005, 0,  0x80000006, 0,  0x80000007, 0,  0x80000008, 0
        dd 0x8000001E, 0
        dd 0xFFFFFFFF
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
