//! `agencygraph import`: rows from CSV, GraphML or JSON files brought into a graph as one
//! checked change (the work is `agencygraph::import`'s), and `--template csv`.

use std::fs;
use std::io::Write;
use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::term;
use super::{CliError, Outcome};
use agencygraph::import::{
    Format, ImportError, ImportFile, ImportOptions, TEMPLATE_FILES, plan_import, write_template,
};
use agencygraph::store::Store;

#[derive(Debug, Args)]
pub(super) struct ImportArgs {
    /// The files to bring in (the tables of `export --format csv`, a spreadsheet with
    /// the same columns, GraphML or JSON).
    #[arg(value_name = "FILE", required_unless_present = "template")]
    files: Vec<PathBuf>,
    /// What the files are; by default, what their extension says.
    #[arg(long, value_enum)]
    format: Option<FormatArg>,
    /// Let rows change the fields of entities that exist already.
    #[arg(long)]
    update: bool,
    /// Show what would change, as a diff, and write nothing.
    #[arg(long)]
    dry_run: bool,
    /// Write empty spreadsheets to fill in (sources.csv, nodes.csv, edges.csv), each with
    /// a commented example row, into -o DIR/ or after -o PREFIX.
    #[arg(long, value_enum, value_name = "FORMAT", conflicts_with = "files")]
    template: Option<TemplateArg>,
    /// With --template: where the files go.
    #[arg(short, long, value_name = "DIR/ or PREFIX", requires = "template")]
    output: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum FormatArg {
    /// CSV with a header row.
    Csv,
    /// GraphML as `export --format graphml` writes it.
    Graphml,
    /// JSON as `export --format json` writes it.
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum TemplateArg {
    /// Spreadsheets.
    Csv,
}

pub(super) fn import(
    graph: Option<&std::path::Path>,
    args: &ImportArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<Outcome, CliError> {
    if args.template.is_some() {
        return template(args, err);
    }
    let Some(graph) = graph else {
        term::error_line(err, "import needs a graph to change: --graph DIR")?;
        writeln!(
            err,
            "  = hint: `agencygraph init --empty my-graph` makes an empty one"
        )?;
        return Ok(Outcome::Failed);
    };
    let mut formats = Vec::new();
    let mut files = Vec::new();
    for path in &args.files {
        let name = path.display().to_string();
        let format = match args.format {
            Some(FormatArg::Csv) => Some(Format::Csv),
            Some(FormatArg::Graphml) => Some(Format::Graphml),
            Some(FormatArg::Json) => Some(Format::Json),
            None => Format::of_name(&name),
        };
        let Some(format) = format else {
            term::error_line(
                err,
                format!("cannot tell the format of {name}; give --format csv, graphml or json"),
            )?;
            return Ok(Outcome::Failed);
        };
        formats.push(format);
        let text = fs::read_to_string(path).map_err(|error| CliError::Input {
            path: path.clone(),
            error,
        })?;
        files.push(ImportFile::new(name, text));
    }
    formats.dedup();
    let [format] = formats[..] else {
        term::error_line(
            err,
            "the files are of different formats; import them one format at a time",
        )?;
        return Ok(Outcome::Failed);
    };
    let mut store = Store::open(graph)?;
    let mut options = ImportOptions::default();
    options.update = args.update;
    let plan = match plan_import(&store, &files, format, &options) {
        Ok(plan) => plan,
        Err(ImportError::Rows(problems)) => {
            for problem in &problems {
                term::error_line(err, problem)?;
            }
            let count = term::counted(problems.len(), "problem", "problems");
            writeln!(err, "nothing was imported: {count}")?;
            return Ok(Outcome::Failed);
        }
        Err(ImportError::Edit(error)) => return Err(error.into()),
        Err(other) => return Err(std::io::Error::other(other.to_string()).into()),
    };
    super::edit::finish(&mut store, &plan, args.dry_run, out)
}

fn template(args: &ImportArgs, err: &mut dyn Write) -> Result<Outcome, CliError> {
    let Some(output) = &args.output else {
        term::error_line(
            err,
            "the template is several files; name a directory (-o sheets/) or a prefix (-o sheets/agencies-)",
        )?;
        return Ok(Outcome::Failed);
    };
    let paths = super::export::output_paths(output, &TEMPLATE_FILES)?;
    let files: Vec<(PathBuf, super::export::WriteFile<'_>)> = paths
        .iter()
        .zip(TEMPLATE_FILES)
        .map(|(path, name)| -> (PathBuf, super::export::WriteFile<'_>) {
            (
                path.clone(),
                Box::new(move |sink: &mut dyn Write| Ok(write_template(name, sink)?)),
            )
        })
        .collect();
    super::export::write_files_whole(files)?;
    let names: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
    writeln!(
        err,
        "wrote {}; fill them in, then `agencygraph import --graph DIR {}`",
        names.join(", "),
        names.join(" ")
    )?;
    Ok(Outcome::Done)
}
