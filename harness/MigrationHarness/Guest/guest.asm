; MigrationHarness guest: a 64 KiB firmware image (-bios) that needs no OS.
;
; What it does, so the harness can judge a migration from inside the guest:
;  * every vCPU present at start (the BSP, and the APs it wakes with INIT-SIPI-SIPI) executes
;    CPUID for the leaves that describe the machine and stores the results in RAM, in a slot
;    indexed by its APIC ID: once at boot (INITIAL table) and again on every refresh (CURRENT);
;  * the BSP then loops forever: it writes the next pass number into the first dword of every
;    page of a RAM range, page by page in address order, then stores the pass number in the
;    header; every REFRESH_PASSES passes it re-reads CPUID and asks the APs (IPI, vector 0x40)
;    to do the same.
; Invariant the harness checks (the idea of QEMU's own migration test): with P = header pass,
; every page holds P or P+1, and the pages holding P+1 form a prefix of the range. A page update
; lost in migration breaks it.
;
; The image is a ROM, and fetching code from the ROM region may be emulated instruction by
; instruction (it is on nested KVM), so the reset vector only copies the code to RAM at
; RAM_BASE and runs it there; APs start there too (SIPI vector RAM_BASE >> 12).
;
; Layout of guest RAM (all below 16 MiB, present in every config):
;   0x008000 header (see HDR_*), 0x009000 IDT, 0x020000 code, 0x060000..0x070000 AP stacks, 0x007000 BSP stack top
;   0x100000 INITIAL CPUID table, 0x140000 CURRENT CPUID table (256 slots x 1 KiB, by APIC ID)
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

%define IDT_BASE        0x9000
%define TABLE_INITIAL   0x100000
%define TABLE_CURRENT   0x140000
%define SLOT_SIZE       1024
%define DIRTY_START     0x400000
%define DIRTY_END       0x600000          ; 512 pages: on nested KVM each first write to a page costs ~0.5 ms
%define REFRESH_PASSES  16                ; without a TSC: refresh CPUID every this many passes
%define REFRESH_CYCLES  0x4000000         ; with a TSC: refresh when it advanced this much (~25 ms)

%define LAPIC           0xFEE00000
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

; Points esp at this AP's own 256-byte stack (by APIC ID). Needs no stack; clobbers eax-edx.
%macro AP_STACK 0
        mov eax, 1
        cpuid
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

; The slot of this vCPU in the table at ebp: ebp + APIC ID * SLOT_SIZE, left in edi.
slot_of:
        push ebx
        mov eax, 1
        cpuid
        shr ebx, 24
        imul edi, ebx, SLOT_SIZE
        add edi, ebp
        pop ebx
        ret

dump_initial:
        mov ebp, TABLE_INITIAL
        call slot_of
        call dump
        lock inc dword [HDR_CPUS]
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
        mov eax, 1
        push edi
        cpuid
        pop edi
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
