"""`python -m vigil.evaluation GOLD_FILE [--corpus DIR] [--shared DIR] [--format table|json]`."""
import typer

from vigil.evaluation.commands import evaluate_command


def main() -> None:
    app = typer.Typer(add_completion=False)
    app.command()(evaluate_command)
    app()


if __name__ == "__main__":
    main()
