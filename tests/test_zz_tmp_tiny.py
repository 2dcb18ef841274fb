def test_x(tiny_gazetteer):
    print(tiny_gazetteer.candidates("Tall Kayf"), tiny_gazetteer.is_name("Tall Kayf"), tiny_gazetteer.is_name("Kayf"))
