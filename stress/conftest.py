# The stress scripts are run by hand (python -m stress.stress_...), never collected by pytest.
collect_ignore_glob = ["*"]
