// The statements of translated blocks (block_source.hpp writes them), shared by the GPU's and
// the CPU's back ends. The enclosing function (W64_FUNCTION) names the state `s`, the memory
// policy `mem`, the interpreter `interpret`, `cycles`, `max_cycles` and `stop`.
#pragma once

// Each statement sets pc to the word's address first: the store is dead, and removed, unless
// the instruction reads pc or stops there.
#define W64_BLOCK(words) \
  if (max_cycles - cycles < (words)) return false;

// A back end that records each jump taken (the GPU's, in the lanes' rings of last branches)
// defines W64_RECORD_JUMP before including this header.
#ifndef W64_RECORD_JUMP
#define W64_RECORD_JUMP
#endif

#define W64_ON_STEP(on_jump)                             \
  if (step == warp64::core::Step::kStopped) return true; \
  if (step == warp64::core::Step::kJumped) {             \
    W64_RECORD_JUMP;                                     \
    on_jump;                                             \
  }

#define W64_INSN(address, name, word)                                                               \
  s.pc = address;                                                                                   \
  step = warp64::core::retire(warp64::core::sem::exec_##name(word, s, mem), word, s, cycles, stop); \
  W64_ON_STEP(goto dispatch)

// A jump whose destination is a translated block goes straight there.
#define W64_BRANCH(address, name, word, target, label)                                              \
  s.pc = address;                                                                                   \
  step = warp64::core::retire(warp64::core::sem::exec_##name(word, s, mem), word, s, cycles, stop); \
  W64_ON_STEP(if (s.pc == (target)) goto label; goto dispatch)

// A word the back end leaves to its interpreter.
#define W64_INTERPRET(address) \
  s.pc = address;              \
  goto interpret_word;

// The one call of the interpreter for such words; the next segment is found by pc.
#define W64_INTERPRET_WORD                              \
  step = interpret(s, false, cycles, max_cycles, stop); \
  W64_ON_STEP(goto dispatch)                            \
  goto dispatch;

#define W64_CONTINUE(address, label) \
  s.pc = address;                    \
  goto label;

#define W64_LEAVE(address) \
  s.pc = address;          \
  return false;
