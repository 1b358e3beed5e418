print("tierc")
