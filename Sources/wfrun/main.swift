print("wfrun")
