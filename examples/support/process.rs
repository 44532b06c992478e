//! What this process has used, read from Linux's `/proc/self`: resident memory, its peak,
//! and CPU time. Included as a module by the examples that measure
//! (`#[path = "support/process.rs"] mod process;`); Linux only, NaN elsewhere.

/// A field of /proc/self/status (`VmRSS:`, `VmHWM:`) in MB.
pub fn status_mb(field: &str) -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

/// CPU time this process has used (user and system), in seconds: unlike wall time, it
/// does not grow when other work shares the machine.
#[allow(dead_code)] // Not every example that includes this module reads CPU time.
pub fn cpu_seconds() -> f64 {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else {
        return f64::NAN;
    };
    // Fields after the command name (which may hold spaces) start at state, field 3;
    // utime and stime are fields 14 and 15, in clock ticks of 1/100 s on Linux.
    let after = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
    let fields: Vec<&str> = after.split_whitespace().collect();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<f64>().ok())
            .unwrap_or(f64::NAN)
    };
    (ticks(11) + ticks(12)) / 100.0
}

#[allow(dead_code)] // Not every example that includes this module resets the peak.
/// Resets the peak resident set (`VmHWM`) to the current one, so the next reading is
/// the peak since now.
pub fn reset_peak() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}
