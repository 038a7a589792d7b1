from wijkteam_desk.cli import run

run()
