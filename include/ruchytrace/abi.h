/*===- ruchytrace/abi.h - the contract between pass and runtime ------------===
 *
 * This is the only header shared by the LLVM pass (C++) and the runtime (C11).
 * Everything the pass emits into an instrumented object, and everything the
 * runtime reads back from it, is described here. Changing a layout below
 * means bumping RUCHY_TRACE_ABI_VERSION: the runtime refuses modules built
 * against another version instead of misreading them.
 *
 * Design in one paragraph. All static facts about a function (name, source
 * location, parameter and return types) are constant descriptors emitted at
 * compile time into the section `ruchy_trace_fn`. Each instrumented image
 * (executable or shared object) registers its section range once, from a
 * constructor. The check at function entry (inlined wherever the function
 * is) loads the descriptor's `state` byte, 0 ("not traced": tracing off,
 * or this function filtered out) or 1. A traced function's call counts a
 * thread-local countdown down (1-in-N sampling), which only such a call
 * can drive below zero: the check at a function's own entry subtracts the
 * state from the countdown with one branch, inlined checks branch on the
 * state first. Only a call that drives it below zero runs the function's
 * traced copy, which enters the runtime; the runtime resets the countdown
 * and returns a non-zero token (functions marked always-traced skip the
 * countdown: their check is the state alone).
 * Every exit calls the runtime if and only if its entry returned a token, so
 * traces stay balanced whatever sampling or re-entrancy dropped.
 *
 *===----------------------------------------------------------------------===*/
#ifndef RUCHYTRACE_ABI_H
#define RUCHYTRACE_ABI_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define RUCHY_TRACE_ABI_VERSION 9u

/* Section holding the function descriptors; a C identifier so that the
 * linker defines __start_ruchy_trace_fn / __stop_ruchy_trace_fn. */
#define RUCHY_TRACE_FN_SECTION "ruchy_trace_fn"

/* Limits both sides rely on. The pass describes at most MAX_FIELDS fields
 * of a struct and MAX_FOLLOWS follows of a type, and asks for at most
 * MAX_IMAGE bytes of what a pointer points to; the runtime keeps the
 * positions of MAX_FOLLOWS follows (for follows inside follows) and copies
 * at most MAX_IMAGE bytes of any image. */
#define RUCHY_TRACE_MAX_FIELDS 128u
#define RUCHY_TRACE_MAX_FOLLOWS 12u
#define RUCHY_TRACE_MAX_IMAGE 256u

/* How a value is shown. Scalars travel as a 64-bit payload; the other
 * kinds are decoded from a byte image of the value that the runtime copies
 * at record time (see RUCHY_TRACE_T_BYREF and __ruchy_trace_follow). */
enum ruchy_trace_kind {
  RUCHY_TRACE_K_VOID = 0,   /* no value (void return) */
  RUCHY_TRACE_K_SINT = 1,   /* signed integer */
  RUCHY_TRACE_K_UINT = 2,   /* unsigned integer */
  RUCHY_TRACE_K_BOOL = 3,   /* 0 or 1 */
  RUCHY_TRACE_K_CHAR = 4,   /* a character, signed */
  RUCHY_TRACE_K_UCHAR = 5,  /* a character, unsigned (incl. char32_t) */
  RUCHY_TRACE_K_FLOAT = 6,  /* IEEE single */
  RUCHY_TRACE_K_DOUBLE = 7, /* IEEE double */
  RUCHY_TRACE_K_PTR = 8,    /* an address; `members`: the pointee, if shown */
  /* A value the pass could not capture (no IR argument maps to it). Shown
   * as its type name with a null value rather than as garbage. */
  RUCHY_TRACE_K_OPAQUE = 9,
  RUCHY_TRACE_K_HALF = 10,   /* IEEE half */
  RUCHY_TRACE_K_STRUCT = 11, /* members: __ruchy_trace_field[count] */
  RUCHY_TRACE_K_UNION = 12,  /* members: __ruchy_trace_field[count] */
  RUCHY_TRACE_K_ARRAY = 13,  /* members: element type; count elements */
  RUCHY_TRACE_K_ENUM = 14,   /* integer; members: __ruchy_trace_enumerator */
  /* A Rust enum: members: __ruchy_trace_variants. */
  RUCHY_TRACE_K_VARIANT = 15,
  RUCHY_TRACE_K_CSTRING = 16,  /* char *: shown as the string it points to */
  RUCHY_TRACE_K_STRSLICE = 17, /* &str, String, std::string: pointer, length */
  RUCHY_TRACE_K_FUNCPTR = 18,  /* a function's address: shown with its name */
  RUCHY_TRACE_K_BYTES = 19,    /* anything else: raw bytes in hex */
  RUCHY_TRACE_K_LDOUBLE = 20,  /* x87 80-bit long double */
  RUCHY_TRACE_K_COMPLEX = 21,  /* _Complex: members: the part's type */
  /* A container shown as its elements (Rust Vec, &[T], Box<[T]>; C++
   * std::vector): members: the element type; the elements are what its
   * SEQ or RANGE follow copied. */
  RUCHY_TRACE_K_SEQ = 22,
  RUCHY_TRACE_K_COUNT
};

/* A field of a struct or union. Bit-fields have bit_size != 0: the value
 * is bits [bit_offset, bit_offset + bit_size) of the storage at `offset`. */
typedef struct __ruchy_trace_field {
  const char *name;
  const struct __ruchy_trace_type *type;
  uint32_t offset; /* bytes from the start of the value */
  uint16_t bit_offset;
  uint16_t bit_size;
} __ruchy_trace_field;

typedef struct __ruchy_trace_enumerator {
  const char *name;
  int64_t value;
} __ruchy_trace_enumerator;

/* A Rust enum: the discriminant is `discr_size` bytes at `discr_offset`;
 * the variant whose value matches is shown, or the one without a value
 * (niche layouts) when none does. */
typedef struct __ruchy_trace_variant {
  const char *name;
  const struct __ruchy_trace_type *payload; /* a struct of its fields */
  int64_t discr;
  uint32_t has_discr;
  uint32_t reserved;
} __ruchy_trace_variant;

typedef struct __ruchy_trace_variants {
  uint32_t discr_offset;
  uint32_t discr_size;
  uint32_t count;
  uint32_t reserved;
  const __ruchy_trace_variant *variants;
} __ruchy_trace_variants;

/* What the runtime follows at record time, one pointer deep, inside a
 * value's image (offsets are into the image; for a value passed as a
 * payload the image is the 8-byte payload). Everything followed is read
 * with a check that the memory is mapped, so a bad pointer is shown as
 * such instead of crashing the program. */
enum ruchy_trace_follow_kind {
  RUCHY_TRACE_FOLLOW_CSTRING = 1, /* NUL-terminated, bounded */
  /* A pointer + length at len_offset. A nonzero `size` makes it
   * conditional: it is read only when bit size - 1 of the image is set
   * (bit (size - 1) % 8 of byte (size - 1) / 8): a libc++ std::string
   * holds a pointer only in its long form, its short form keeps its
   * characters where the pointer would be (the pass shows those from the
   * image). Otherwise the item is empty. */
  RUCHY_TRACE_FOLLOW_SLICE = 2,
  /* `size` bytes of the pointee, at most RUCHY_TRACE_FOLLOW's, from
   * `len_offset` bytes into it (an Rc's value after its counts; 0 for a
   * plain pointer). */
  RUCHY_TRACE_FOLLOW_DEREF = 3,
  /* The elements of a sequence, `size` bytes each, bounded by the
   * runtime: SEQ's element count is the word at len_offset, RANGE's is
   * (end - begin) / size with the end pointer at len_offset. Its bytes
   * are the element count (a u64) and then the elements copied. */
  RUCHY_TRACE_FOLLOW_SEQ = 4,
  RUCHY_TRACE_FOLLOW_RANGE = 5,
  /* The strings inside the elements a SEQ, RANGE or walk follow (its
   * `parent`) copied: ptr_offset and len_offset are a string's pointer
   * and length inside an element of `size` bytes. Its bytes are one
   * SLICE item (length word, bytes padded to 8) per element copied. */
  RUCHY_TRACE_FOLLOW_EACH_SLICE = 6,
  /* Walks of linked containers, bounded in steps: their bytes are a SEQ
   * follow's (the count, then the elements, `size` bytes each, copied
   * from each node's value). ptr_offset is where the walk starts, and
   * len_offset the element count, in the image; the node's layout is in
   * the PARAM follow right after the walk (p0..p6, below).
   *   RBTREE   libstdc++ _Rb_tree: ptr: the leftmost node; in-order
   *            successors. p0: value offset in a node, p1: parent link,
   *            p2: left link, p3: right link.
   *   LIST     a linked list by its next links (libstdc++ _Hashtable,
   *            std::list): ptr: the first node. p0: value offset, p1:
   *            next link.
   *   HASHBROWN Rust's hashbrown RawTable: ptr: ctrl (the buckets are
   *            `size` bytes each, before ctrl, in reverse); p0: the
   *            offset of bucket_mask in the image.
   *   RING     Rust's VecDeque: ptr: the buffer. p0: the capacity's
   *            offset in the image, p1: the head's.
   *   BTREE    Rust's BTreeMap: ptr: the root node (NULL: empty); two
   *            PARAMs. p0: the height's offset in the image; in a node,
   *            p1: parent, p2: parent_idx (u16), p3: len (u16), p4: keys,
   *            p5: vals, p6: an internal node's edges; p7, p8: a key's and
   *            a value's size, p9: the value's offset in an element (the
   *            key is at 0), p10: a node's capacity.
   *   DEQUE    libstdc++ std::deque: buffers of equal size listed in a
   *            map; ptr: the start iterator's _M_cur. No count word: the
   *            count is size()'s, from the two iterators. In the image,
   *            p0..p3: the start's _M_cur, _M_first, _M_last, _M_node;
   *            p4..p6: the finish's _M_cur, _M_first, _M_node. */
  RUCHY_TRACE_FOLLOW_RBTREE = 7,
  RUCHY_TRACE_FOLLOW_LIST = 8,
  RUCHY_TRACE_FOLLOW_HASHBROWN = 9,
  RUCHY_TRACE_FOLLOW_RING = 10,
  RUCHY_TRACE_FOLLOW_BTREE = 12,
  /* The parameters of the walk before it, as 16-bit numbers: p0, p1 in
   * ptr_offset (low, high half), p2, p3 in len_offset, p4, p5 in size, p6
   * in parent; a second PARAM holds p7 to p13 the same way. Copies
   * nothing and has no item in a record's data. */
  RUCHY_TRACE_FOLLOW_PARAM = 11,
  /* A target holding containers: `size` bytes of the pointee, at most
   * RUCHY_TRACE_FOLLOW's but at least `len_offset` (to the end of its
   * last container's header, where its walk starts and its count lie,
   * which may be past that budget: a std::map's count is at 40). */
  RUCHY_TRACE_FOLLOW_HEADER = 13,
  /* The sequences inside the elements a SEQ, RANGE or walk follow (its
   * `parent`) copied (a Vec<Vec<i64>>'s rows): ptr_offset and len_offset
   * are an inner sequence's data pointer and its count (EACH_SEQ) or end
   * pointer (EACH_RANGE) inside an element, whose size is the parent's
   * `size`; `size` is an inner element's. Its bytes are one SEQ item per
   * element copied (the inner count, then its first elements). */
  RUCHY_TRACE_FOLLOW_EACH_SEQ = 14,
  RUCHY_TRACE_FOLLOW_EACH_RANGE = 15,
  RUCHY_TRACE_FOLLOW_DEQUE = 16, /* a walk: see RBTREE above */
  /* A walk of libc++'s std::deque: blocks of p1 elements listed in a map;
   * ptr: the map's first block pointer (__map_.__begin_), len_offset: the
   * count (__size_). p0: the offset of __start_ (the first element's
   * index from the first block's start) in the image. */
  RUCHY_TRACE_FOLLOW_LIBCXX_DEQUE = 20,
  /* An EACH_SLICE whose strings are conditional as a SLICE with a nonzero
   * size is (a libc++ std::string's long form, in a vector's or a map's
   * elements): len_offset's low 16 bits are the length's offset in an
   * element, its high 16 bits the flag's bit from the element's start,
   * plus 1. An element whose flag is clear has an empty item. */
  RUCHY_TRACE_FOLLOW_EACH_SLICE_IF = 21,
  /* The word len_offset bytes into what the pointer at ptr_offset inside
   * each element its parent (a SEQ, RANGE or walk follow) copied points
   * to, the elements `size` bytes each: a trait object's first method in
   * its vtable (RUCHY_TRACE_T_IMPL), for a Vec<Box<dyn Shape>>. Its bytes
   * are one item per element copied, as EACH_SLICE's. (20 to 23 are
   * kept for the C++ side.) */
  RUCHY_TRACE_FOLLOW_EACH_DEREF = 24,
};

typedef struct __ruchy_trace_follow {
  uint32_t ptr_offset;
  uint32_t len_offset;
  uint32_t size;
  uint16_t kind;
  /* 0: offsets are into the value's image; k: into what follow k-1
   * copied (a string inside the struct a reference points to). */
  uint16_t parent;
  /* A DEREF or HEADER follow of a struct: its fields in source order,
   * each as (bytes of it and the fields before it) << 16 | (the end of
   * the furthest of them), up to UINT32_MAX; NULL for others.
   * RUCHY_TRACE_FOLLOW's budget counts fields in this order, so a Rust
   * struct, whose fields the compiler reorders, shows its first fields,
   * not whichever lie first in memory. */
  const uint32_t *order;
} __ruchy_trace_follow;

enum ruchy_trace_type_flags {
  /* The payload is the address of the value, in the instrumented frame's
   * own storage; the runtime copies `size` bytes (bounded) from it. */
  RUCHY_TRACE_T_BYREF = 1u << 0,
  /* A struct whose fields are positions (a Rust tuple, a C++ std::pair):
   * shown as (a, b). On a variant's payload: the variant is shown as
   * Name(a, b) (a Rust tuple variant, one value alone: Some(5)); without
   * it as Name{x: a} (a Rust struct variant, even of one field). */
  RUCHY_TRACE_T_TUPLE = 1u << 1,
  /* A sequence (K_SEQ) whose elements are a set's: shown as {a, b}. */
  RUCHY_TRACE_T_SET = 1u << 2,
  /* A sequence whose elements are a map's entries, structs of two
   * fields (key, value): shown as {k: v}. */
  RUCHY_TRACE_T_MAP = 1u << 3,
  /* A map whose keys may repeat (a multimap): never a JSON object. */
  RUCHY_TRACE_T_MULTI = 1u << 4,
  /* A Rust trait object's vtable pointer (K_PTR; members: a function
   * pointer, its first method, which a DEREF follow copies): shown as the
   * type implementing the trait, from that method's name,
   * `<prog::Sq as prog::Area>::area` -> prog::Sq (its address if it has
   * no name). */
  RUCHY_TRACE_T_IMPL = 1u << 5,
  /* A pointer that is an implementation's detail (K_PTR): shown as its
   * target alone, without its address (a libc++ std::function's __f_,
   * which points to its own buffer or to the heap). */
  RUCHY_TRACE_T_INNER = 1u << 6,
  /* A TUPLE that is a Rust tuple struct (`struct Wrap(String)`,
   * `Reverse<T>`): shown with its name as written, Wrap("dog") (the
   * descriptor's name without its path and generic arguments). */
  RUCHY_TRACE_T_NAMED = 1u << 7,
};

/* A type descriptor. */
typedef struct __ruchy_trace_type {
  uint8_t kind;  /* enum ruchy_trace_kind */
  uint8_t flags; /* enum ruchy_trace_type_flags */
  uint16_t nfollows;
  uint32_t size;  /* size of the source-level value in bytes */
  uint32_t count; /* fields, enumerators or array elements */
  uint32_t reserved;
  const char *name; /* as the source language spells it: "long", "i64" */
  const void *members;
  const __ruchy_trace_follow *follows;
} __ruchy_trace_type;

enum ruchy_trace_fn_flags {
  RUCHY_TRACE_F_LOCATION = 1u << 0, /* file/line/column are valid */
  RUCHY_TRACE_F_VARIADIC = 1u << 1, /* only the fixed arguments are shown */
  RUCHY_TRACE_F_NO_DEBUG = 1u << 2, /* name and types come from the IR */
  /* __attribute__((annotate("ruchy_trace_always"))): traced whenever
   * tracing is on, whatever the filters and the sampling period. */
  RUCHY_TRACE_F_ALWAYS = 1u << 3,
  /* Some argument (ARG_DATA) or the return value (RET_DATA) needs bytes
   * copied or pointers followed at record time; others are plain payloads
   * and take the fast path. */
  RUCHY_TRACE_F_ARG_DATA = 1u << 4,
  RUCHY_TRACE_F_RET_DATA = 1u << 5,
  /* The hooks run in a machine frame of the function's own, never shared
   * with an inlined host: the pass hooks a never-inlined copy of the
   * function (pass/Dispatch.cpp). Without it, an inlined function's hooks
   * run in its host's frame. */
  RUCHY_TRACE_F_OWN_FRAME = 1u << 6,
};

/* A function descriptor. It lives in a writable section only because of
 * `state`, which the runtime sets once when the image registers (and when
 * the configuration changes); everything else is constant. Its size is a
 * multiple of its alignment so that descriptors from many objects form one
 * gap-free array between __start_ and __stop_. The alignment of 8 also
 * leaves the low three bits of its address free for the event-kind tag. */
typedef struct __ruchy_trace_fn {
  uint8_t state; /* 0: not traced, 1: traced. Atomic loads (no order). */
  uint8_t flags; /* enum ruchy_trace_fn_flags */
  uint16_t nargs;
  uint32_t line;
  uint32_t column; /* 0 when unknown */
  uint32_t reserved;
  const char *name;
  const char *file;
  const __ruchy_trace_type *ret; /* null for void */
  const __ruchy_trace_type *const *args;
  const void *addr; /* the function: names function pointers in values */
  /* The parameters' names as the source writes them (`nargs` entries, an
   * unnamed one null), or null when debug info names none. Static data:
   * the writers show them, no event records them. */
  const char *const *params;
} __ruchy_trace_fn;

/* The pass's entry check loads the descriptor's first byte as the state
 * (pass/Dispatch.cpp); the pass checks every other field against its own
 * field lists (pass/AbiLayout.h). */
#ifdef __cplusplus
static_assert(offsetof(__ruchy_trace_fn, state) == 0, "state comes first");
#else
_Static_assert(offsetof(__ruchy_trace_fn, state) == 0, "state comes first");
#endif

/* The entry points preserve (almost) every register for their caller, as
 * XRay's trampolines do: the instrumented function then needs no
 * callee-saved register of its own to keep values alive across the call,
 * so the untraced path has no extra prologue/epilogue. The pass uses the
 * same convention (preserve_most) for its calls on these targets, which
 * is why the runtime must be compiled by clang. */
#if (defined(__x86_64__) || defined(__aarch64__)) && defined(__clang__)
#define RUCHY_TRACE_CC __attribute__((preserve_most))
#else
/* Other compilers cannot call these entry points correctly; only code
 * generated by the pass calls them. CMake refuses to build the runtime
 * with a compiler other than clang. */
#define RUCHY_TRACE_CC
#endif

/* Entry points called by instrumented code. The value arguments are the raw
 * 64-bit payloads described by the descriptor's type kinds. Functions with
 * at most two arguments use __ruchy_trace_enter (unused slots are zero);
 * others, and any function whose arguments carry data (see
 * RUCHY_TRACE_F_ARG_DATA), pass a pointer to `nargs` payloads on the
 * caller's stack; addresses among them are stored there as pointers.
 * `frame` is where the return address of the machine frame executing the
 * entry is stored (llvm.addressofreturnaddress: for an inlined function,
 * its host's), or NULL where unknown. The runtime compares it with the
 * open frames' to find those a longjmp or an exception abandoned.
 * Both return the token: 0 if nothing was recorded. */
RUCHY_TRACE_CC uint64_t __ruchy_trace_enter(__ruchy_trace_fn *fn, uint64_t a0,
                                            uint64_t a1, const void *frame);
RUCHY_TRACE_CC uint64_t __ruchy_trace_enter_v(__ruchy_trace_fn *fn,
                                              const uint64_t *args,
                                              const void *frame);
RUCHY_TRACE_CC void __ruchy_trace_exit(__ruchy_trace_fn *fn, uint64_t token,
                                       uint64_t ret);
/* An exit whose return value is read from memory (RUCHY_TRACE_T_BYREF):
 * `value` is its address. */
RUCHY_TRACE_CC void __ruchy_trace_exit_ref(__ruchy_trace_fn *fn, uint64_t token,
                                           const void *value);
/* An exit through a musttail call: the return value is the callee's. */
RUCHY_TRACE_CC void __ruchy_trace_exit_tail(__ruchy_trace_fn *fn,
                                            uint64_t token);

/* Called once per instrumented image from its constructor, and from its
 * destructor (dlclose, or exit) to unregister. */
void __ruchy_trace_register(uint32_t abi_version, __ruchy_trace_fn *begin,
                            __ruchy_trace_fn *end);
void __ruchy_trace_unregister(uint32_t abi_version, __ruchy_trace_fn *begin,
                              __ruchy_trace_fn *end);

/* The sampling countdown, thread-local with the initial-exec model: the
 * inlined check subtracts the function's state from it at every call and
 * calls the runtime when it drops below zero; the runtime resets it to the
 * sampling period minus one (so the Nth call records), and a thread's
 * first traced call finds 0 and records. It is never negative outside
 * that window, so a function that is not traced never reaches the runtime:
 * a stray negative value (a signal between the store and the runtime's
 * reset) costs one call into the runtime, which checks the state again. */
extern __thread int32_t __ruchy_trace_countdown;

#ifdef __cplusplus
}
#endif

#endif /* RUCHYTRACE_ABI_H */
