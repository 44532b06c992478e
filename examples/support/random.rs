//! A small, fast pseudo-random generator (xorshift64*) for the examples, benches and
//! tests that include it (`#[path = ".../support/random.rs"] mod random;`): the same
//! run for the same seed, and no dependency used only for scattering test data.

/// xorshift64*; the seed must not be 0 (the generator would stay at 0).
pub struct Random(pub u64);

impl Random {
    /// The next number of the run.
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// A number in `0..n`; 0 when `n` is 0, so an empty range needs no special case.
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}
