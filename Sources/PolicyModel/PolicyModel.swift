// PolicyModel
